import { WarningPanel } from '@backstage/core-components';
import { ANNOTATION_DEMO_DATA } from '@internal/plugin-delivery-common';
import Box from '@material-ui/core/Box';
import { ReactNode } from 'react';

/**
 * Says that the figures beside it are generated demo data, not measured: shown
 * wherever an example service's figures (annotation `launchpad.dev/demo-data`)
 * appear, so they never pass for real data.
 */
export function DemoDataNotice(props: { children?: ReactNode }) {
  return (
    <Box role="note" aria-label="Demo data">
      <WarningPanel
        severity="warning"
        title="Demo data — these figures are generated, not measured"
        message={
          props.children ?? (
            <>
              This is an example service (annotation{' '}
              <code>{ANNOTATION_DEMO_DATA}</code>): Launchpad generates its
              deployments, changes and incidents so the portal has something to
              show. They describe no real delivery.
            </>
          )
        }
        defaultExpanded
      />
    </Box>
  );
}
