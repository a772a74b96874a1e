import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { ANNOTATION_GITHUB_PROJECT_SLUG } from '@internal/plugin-delivery-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { RetryableErrorPanel } from '../RetryableErrorPanel';
import { Timestamp } from '../Timestamp';
import { formatDuration, plural } from '../format';
import { lastDays } from '../window';
import { RunStatus } from './RunStatus';
import { runDurationSeconds, safeHttpUrl } from './runs';
import { usePipelineRuns } from '../../hooks';

export interface RecentRunsCardProps {
  /** how many runs to show; 5 unless set */
  limit?: number;
  /** how far back to look, in days; 30 unless set */
  windowDays?: number;
  variant?: 'gridItem' | 'fullHeight';
}

/** The component's newest pipeline runs, for its overview, with a link to the Pipelines tab. */
export function RecentRunsCard(props: RecentRunsCardProps) {
  const { entity } = useEntity();
  const entityRoute = useRouteRef(entityRouteRef);
  if (!entity.metadata.annotations?.[ANNOTATION_GITHUB_PROJECT_SLUG]) {
    return (
      <MissingAnnotationEmptyState
        annotation={ANNOTATION_GITHUB_PROJECT_SLUG}
      />
    );
  }
  const pipelinesTab = `${entityRoute(entityRouteParams(entity))}/pipelines`;
  return (
    <InfoCard
      title="Recent runs"
      variant={props.variant}
      deepLink={{ title: 'View all pipeline runs', link: pipelinesTab }}
    >
      <RecentRuns
        entityRef={stringifyEntityRef(entity)}
        limit={props.limit ?? 5}
        windowDays={props.windowDays ?? 30}
        pipelinesTab={pipelinesTab}
      />
    </InfoCard>
  );
}

function RecentRuns(props: {
  entityRef: string;
  limit: number;
  windowDays: number;
  pipelinesTab: string;
}) {
  const range = useMemo(() => lastDays(props.windowDays), [props.windowDays]);
  const runs = usePipelineRuns({
    entityRef: props.entityRef,
    ...range,
    limit: props.limit,
  });
  if (runs.loading) return <Progress />;
  if (runs.error) {
    return <RetryableErrorPanel error={runs.error} onRetry={runs.retry} />;
  }
  if (!runs.value?.items.length) {
    return (
      <Typography variant="body2">
        No pipeline runs in the last {plural(props.windowDays, 'day')}.{' '}
        <Link to={props.pipelinesTab}>How runs arrive</Link>
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="body2" color="textSecondary">
        {plural(runs.value.totalCount, 'run')} in the last{' '}
        {plural(props.windowDays, 'day')}
      </Typography>
      <List dense>
        {runs.value.items.map(run => {
          const url = safeHttpUrl(run.url);
          const duration = runDurationSeconds(run);
          return (
            <ListItem key={run.id} disableGutters>
              <ListItemText
                primary={
                  <>
                    <RunStatus run={run} />
                    {/* a long branch name is cut on one line, whole on hover */}
                    <Typography
                      component="span"
                      display="block"
                      variant="inherit"
                      noWrap
                      title={run.branch ?? undefined}
                    >
                      {url ? (
                        <Link to={url}>{run.workflow}</Link>
                      ) : (
                        run.workflow
                      )}
                      {run.branch ? ` on ${run.branch}` : ''}
                    </Typography>
                  </>
                }
                secondary={
                  <>
                    <Timestamp iso={run.startedAt} />
                    {duration !== null
                      ? `, took ${formatDuration(duration)}`
                      : ''}
                    {run.actor ? `, by ${run.actor}` : ''}
                  </>
                }
              />
            </ListItem>
          );
        })}
      </List>
    </>
  );
}
