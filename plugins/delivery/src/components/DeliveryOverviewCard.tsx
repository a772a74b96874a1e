import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
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
import { ReactNode, useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { deliveryApiRef } from '../api';
import { DemoDataNotice } from './DemoDataNotice';
import { NoDataYetNotice } from './NoDataYetNotice';
import { formatPercent, plural } from './format';
import {
  latestSuccessfulPerEnvironment,
  pipelineSuccessRate,
  readAllPages,
} from './overview';
import { lastDays } from './window';

const WINDOW_DAYS = 30;
/** Deployments read to find the latest successful one of each environment. */
const DEPLOYMENTS_READ = 100;

/**
 * A summary for the component's overview: the latest successful deployment of
 * each environment (staging too), the pipeline success rate of the last 30 days,
 * the open incidents and a link to the Delivery tab; "No data yet" while no
 * production deployment has been recorded.
 */
export function DeliveryOverviewCard() {
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
      deepLink={{ title: 'View delivery metrics', link: deliveryTab }}
    >
      {isDemoDataEntity(entity) && (
        <Box mb={2}>
          <DemoDataNotice />
        </Box>
      )}
      <OverviewFigures entityRef={stringifyEntityRef(entity)} />
    </InfoCard>
  );
}

function OverviewFigures(props: { entityRef: string }) {
  const { entityRef } = props;
  const api = useApi(deliveryApiRef);
  const recent = useMemo(() => lastDays(WINDOW_DAYS), []);
  const { value, loading, error } = useAsync(async () => {
    const [metrics, deployments, runs, incidents] = await Promise.all([
      // only whether any production deployment was ever recorded is shown
      api.getMetrics({ entityRef, ...recent }),
      api.getDeployments({
        entityRef,
        ...recent,
        allEnvironments: true,
        limit: DEPLOYMENTS_READ,
      }),
      readAllPages(page =>
        api.getPipelineRuns({ entityRef, ...recent, ...page }),
      ),
      // every unresolved incident however old: only the count is shown
      api.getIncidents({ entityRef, to: recent.to, state: 'open', limit: 1 }),
    ]);
    return {
      noDataYet: metrics.noDataYet === true,
      deployments,
      runs,
      incidents,
    };
  }, [api, entityRef, recent]);

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
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
            No successful deployment in the last {WINDOW_DAYS} days
            {partialDeployments
              ? ` among the newest ${value.deployments.items.length}`
              : ''}
            .
          </Typography>
        )}
      </Figure>
      <Figure label={`Pipeline success rate (last ${WINDOW_DAYS} days)`}>
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
  const sha = row.sha.slice(0, 7);
  const time = row.finishedAt ?? row.startedAt;
  return (
    <Typography variant="body2">
      <strong>{row.environment}</strong>:{' '}
      {row.url ? <Link to={row.url}>{sha}</Link> : sha}
      {row.ref ? ` (${row.ref})` : ''}
      {time ? `, ${new Date(time).toLocaleString()}` : ''}
    </Typography>
  );
}
