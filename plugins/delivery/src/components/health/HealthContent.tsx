import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { ServiceHealthResponse } from '@internal/plugin-delivery-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { RetryableErrorPanel } from '../RetryableErrorPanel';
import { OwnershipDetails } from '../ownership';
import { AlertsTable } from './AlertsTable';
import { ChangesBefore } from './ChangesBefore';
import {
  LatestDeployments,
  OpenIncidents,
  PipelineSuccess,
} from './DeliveryFacts';
import { SectionState } from './SectionState';
import { SloTable } from './SloTable';
import { StatusSummary } from './StatusSummary';
import { useServiceHealth } from './useServiceHealth';

function Part(props: { title: string; children: ReactNode }) {
  return (
    <Box mt={2}>
      <Typography variant="h6" component="h3">
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

function Sections(props: {
  health: ServiceHealthResponse;
  deliveryTab: string;
  retry: () => void;
}) {
  const { health, deliveryTab, retry } = props;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title="Is it up?">
          <StatusSummary status={health.status} reasons={health.reasons} />
          <Part title="Alerts">
            <SectionState
              section={health.alerts}
              subject="alerts"
              onRetry={retry}
            >
              {data => (
                <AlertsTable instance={data.instance} alerts={data.items} />
              )}
            </SectionState>
          </Part>
          <Part title="Incidents">
            <SectionState
              section={health.delivery}
              subject="incidents"
              onRetry={retry}
            >
              {data => <OpenIncidents delivery={data} />}
            </SectionState>
          </Part>
          <Part title="Latest deployment per environment">
            <SectionState
              section={health.delivery}
              subject="deployments"
              onRetry={retry}
            >
              {data => (
                <LatestDeployments delivery={data} deliveryTab={deliveryTab} />
              )}
            </SectionState>
          </Part>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8}>
        <InfoCard title="What changed before it broke?">
          <SectionState
            section={health.delivery}
            subject="changes"
            onRetry={retry}
          >
            {() => (
              <ChangesBefore
                items={health.changesBefore}
                hours={health.changeWindowHours}
              />
            )}
          </SectionState>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Who can act?">
          <OwnershipDetails />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="How is it trending?"
          deepLink={{
            title: 'DORA figures on the Delivery tab',
            link: deliveryTab,
          }}
        >
          <SectionState section={health.slos} subject="SLOs" onRetry={retry}>
            {data => <SloTable instance={data.instance} slos={data.items} />}
          </SectionState>
          <Part title="Pipelines">
            <SectionState
              section={health.delivery}
              subject="pipeline runs"
              onRetry={retry}
            >
              {data => <PipelineSuccess delivery={data} />}
            </SectionState>
          </Part>
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/**
 * The Health tab: is it up, what changed before it broke, who can act, how
 * is it trending. Parts without data say how to get it.
 */
export function HealthContent() {
  const { entity } = useEntity();
  const entityRoute = useRouteRef(entityRouteRef);
  const deliveryTab = `${entityRoute(entityRouteParams(entity))}/delivery`;
  const { value, loading, error, retry } = useServiceHealth(
    stringifyEntityRef(entity),
  );
  if (loading && !value) return <Progress />;
  if (error) return <RetryableErrorPanel error={error} onRetry={retry} />;
  if (!value) return null;
  return <Sections health={value} deliveryTab={deliveryTab} retry={retry} />;
}
