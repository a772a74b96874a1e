import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  InfoCardVariants,
  Progress,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_GITHUB_PROJECT_SLUG,
  DeploymentRow,
  isDemoDataEntity,
} from '@internal/plugin-delivery-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { useDeliveryOverview } from '../hooks';
import { DemoDataNotice } from './DemoDataNotice';
import { NoDataYetNotice } from './NoDataYetNotice';
import { RetryableErrorPanel } from './RetryableErrorPanel';
import { Timestamp } from './Timestamp';
import { DeploymentCommit, RefLabel } from './deployments';
import { formatPercent, plural } from './format';
import {
  latestSuccessfulPerEnvironment,
  pipelineSuccessRate,
} from './overview';

export interface DeliveryOverviewCardProps {
  /** the InfoCard variant; `gridItem` stretches the card to its row */
  variant?: InfoCardVariants;
  /** days of deployments and pipeline runs summed up; 30 unless set */
  windowDays?: number;
}

/**
 * A summary for the component's overview: the latest successful deployment of
 * each environment (staging too), the pipeline success rate of the last 30 days
 * (or `windowDays`), the open incidents and a link to the Delivery tab; "No
 * data yet" while no production deployment has been recorded.
 */
export function DeliveryOverviewCard(props: DeliveryOverviewCardProps) {
  const windowDays = props.windowDays ?? 30;
  const { entity } = useEntity();
  const entityRoute = useRouteRef(entityRouteRef);
  const deliveryTab = `${entityRoute(entityRouteParams(entity))}/delivery`;
  if (!entity.metadata.annotations?.[ANNOTATION_GITHUB_PROJECT_SLUG]) {
    return (
      <MissingAnnotationEmptyState
        annotation={ANNOTATION_GITHUB_PROJECT_SLUG}
      />
    );
  }
  return (
    <InfoCard
      title="Delivery"
      variant={props.variant}
      deepLink={{ title: 'View delivery metrics', link: deliveryTab }}
    >
      {isDemoDataEntity(entity) && (
        <Box mb={2}>
          <DemoDataNotice />
        </Box>
      )}
      <OverviewFigures
        entityRef={stringifyEntityRef(entity)}
        windowDays={windowDays}
      />
    </InfoCard>
  );
}

function OverviewFigures(props: { entityRef: string; windowDays: number }) {
  const { windowDays } = props;
  const { value, loading, error, retry } = useDeliveryOverview(
    props.entityRef,
    windowDays,
  );
  if (loading) return <Progress />;
  if (error) return <RetryableErrorPanel error={error} onRetry={retry} />;
  if (!value) return null;

  const latest = latestSuccessfulPerEnvironment(value.deployments.items);
  const partialDeployments =
    value.deployments.totalCount > value.deployments.items.length;
  const success = pipelineSuccessRate(value.runs.items);

  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      {value.noDataYet && <NoDataYetNotice subject="this component" />}
      <Figure label="Latest successful deployment">
        {latest.length ? (
          latest.map(d => <LatestDeployment key={d.environment} row={d} />)
        ) : (
          <Typography variant="body2">
            No successful deployment in the last {plural(windowDays, 'day')}
            {partialDeployments
              ? ` among the newest ${value.deployments.items.length}`
              : ''}
            .
          </Typography>
        )}
      </Figure>
      <Figure
        label={`Pipeline success rate (last ${plural(windowDays, 'day')})`}
      >
        <Typography variant="h5" component="p">
          {formatPercent(success.rate)}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {success.decided
            ? `${success.succeeded} of ${plural(
                success.decided,
                'finished run',
              )} succeeded`
            : 'No finished pipeline runs'}
          {value.runs.complete
            ? ''
            : ` (newest ${value.runs.items.length} of ${plural(
                value.runs.totalCount,
                'run',
              )})`}
        </Typography>
      </Figure>
      <Figure label="Open incidents">
        <Typography variant="h5" component="p">
          {value.incidents.totalCount}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          unresolved, however long ago they started
        </Typography>
      </Figure>
    </Box>
  );
}

function Figure(props: { label: string; children: ReactNode }) {
  return (
    <Box role="group" aria-label={props.label}>
      <Typography variant="subtitle2" component="h3">
        {props.label}
      </Typography>
      {props.children}
    </Box>
  );
}

function LatestDeployment(props: { row: DeploymentRow }) {
  const { row } = props;
  return (
    <Typography variant="body2">
      <strong>{row.environment}</strong>: <DeploymentCommit row={row} />
      {row.ref && (
        <>
          {' '}
          (<RefLabel gitRef={row.ref} />)
        </>
      )}
      , <Timestamp iso={row.finishedAt ?? row.startedAt} />
    </Typography>
  );
}
