import {
  InfoCard,
  Link,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import {
  ChangeRow,
  CountedDeploymentRow,
  IncidentRow,
  Page,
} from '@internal/plugin-delivery-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { DeliveryQuery } from '../../api';
import {
  Loaded,
  useChanges,
  useCountedDeployments,
  useIncidents,
} from '../../hooks';
import { RetryableErrorPanel } from '../RetryableErrorPanel';
import { Timestamp } from '../Timestamp';
import { DeploymentCommit, RefLabel, deploymentKind } from '../deployments';
import { formatDuration } from '../format';
import { changeLabel, changeUrl } from '../links';
import { safeHttpUrl } from '../pipelines';

/** The rows behind a figure: at most this many, newest first. */
const ROWS = 100;

/** The figures whose rows can be listed, by their section of the definitions page. */
export type DrillDownFigure =
  | 'deployment-frequency'
  | 'change-lead-time'
  | 'change-failure-rate'
  | 'failed-deployment-recovery-time'
  | 'deployment-rework-rate'
  | 'time-to-restore-service';

export const drillDownFigures: DrillDownFigure[] = [
  'deployment-frequency',
  'change-lead-time',
  'change-failure-rate',
  'failed-deployment-recovery-time',
  'deployment-rework-rate',
  'time-to-restore-service',
];

const noWrap = { whiteSpace: 'nowrap' } as const;

function leadTime(change: ChangeRow): string {
  if (change.clockSkew) return 'Not counted: first commit after deployment';
  if (change.leadTimeSeconds === null) return 'Not counted: no first commit';
  return formatDuration(change.leadTimeSeconds);
}

/** A group's rows come from several services: each row names its own. */
function withOwner<T extends object>(
  columns: TableColumn<T>[],
  group: boolean,
  owner: TableColumn<T>,
): TableColumn<T>[] {
  return group ? [owner, ...columns] : columns;
}

const changeColumns: TableColumn<ChangeRow>[] = [
  {
    title: 'Change',
    render: c => <Link to={changeUrl(c)}>{changeLabel(c)}</Link>,
  },
  {
    title: 'First commit',
    cellStyle: noWrap,
    render: c => <Timestamp iso={c.firstCommitAt} />,
  },
  {
    title: 'Deployed',
    cellStyle: noWrap,
    render: c => <Timestamp iso={c.deployedAt} />,
  },
  { title: 'Lead time', cellStyle: noWrap, render: leadTime },
];

const deploymentColumns: TableColumn<CountedDeploymentRow>[] = [
  {
    title: 'Finished',
    cellStyle: noWrap,
    render: d => <Timestamp iso={d.finishedAt} />,
  },
  { title: 'Environment', field: 'environment' },
  { title: 'Commit', render: d => <DeploymentCommit row={d} /> },
  { title: 'Ref', cellStyle: noWrap, render: d => <RefLabel gitRef={d.ref} /> },
  { title: 'Kind', render: d => deploymentKind(d) },
  // a rollout that succeeded may still have failed in production, as the
  // change failure rate counts it: repaired by a rollback or hotfix, or blamed for an incident
  { title: 'Caused a failure', render: d => (d.failed ? 'Yes' : 'No') },
];

/** Failed deployments: how long each took to recover instead of whether it failed. */
const failedColumns: TableColumn<CountedDeploymentRow>[] = [
  ...deploymentColumns.slice(0, -1),
  {
    title: 'Recovered after',
    cellStyle: noWrap,
    render: d =>
      d.recoverySeconds === null
        ? 'Not recovered yet'
        : formatDuration(d.recoverySeconds),
  },
];

function attribution(incident: IncidentRow): string {
  switch (incident.attribution) {
    case 'explicit':
      return 'Named by the incident';
    case 'time-window':
      return 'Latest deployment before it';
    case 'not-change-related':
      return 'Not caused by a change';
    default:
      return 'No deployment found';
  }
}

const incidentColumns: TableColumn<IncidentRow>[] = [
  {
    title: 'Incident',
    render: i => {
      const label = i.title ?? i.externalId;
      const url = safeHttpUrl(i.url);
      return url ? <Link to={url}>{label}</Link> : label;
    },
  },
  {
    title: 'Started',
    cellStyle: noWrap,
    render: i => <Timestamp iso={i.startedAt} />,
  },
  {
    title: 'Restored after',
    cellStyle: noWrap,
    render: i =>
      i.resolvedAt
        ? formatDuration(
            (Date.parse(i.resolvedAt) - Date.parse(i.startedAt)) / 1000,
          )
        : 'Still open',
  },
  { title: 'Failed deployment', render: attribution },
];

/** Which counted deployments a figure lists. */
type Only = 'all' | 'rework' | 'failed';
type Kind =
  | 'changes'
  | 'incidents'
  | { deployments: Only; incidents?: boolean };

const sections: Record<
  DrillDownFigure,
  { title: string; explain: string; kind: Kind }
> = {
  'deployment-frequency': {
    title: 'Deployments behind the deployment frequency',
    explain:
      'Each successful deployment that finished in the window: as many as the figure counts. Failed, cancelled and unfinished rollouts count in no figure. A deployment caused a failure as the change failure rate counts it: it had to be repaired by a rollback or a hotfix, or an incident is attributed to it.',
    kind: { deployments: 'all' },
  },
  'change-lead-time': {
    title: 'Changes behind the lead time',
    explain:
      'Each change deployed to production in the window, from its first commit to the deployment that shipped it.',
    kind: 'changes',
  },
  'change-failure-rate': {
    title: 'Failed deployments behind the change failure rate',
    explain:
      'Each deployment of the window that failed, as many as the figure counts: repaired by a rollback or a hotfix, or an incident is attributed to it. Below, the incidents of the window and the deployment each is attributed to.',
    kind: { deployments: 'failed', incidents: true },
  },
  'failed-deployment-recovery-time': {
    title: 'Failed deployments behind the recovery time',
    explain:
      'Each failed deployment of the window and how long it took to recover: until the next deployment of another commit or the resolution of its incidents, whichever came first. Those not recovered yet are not in the figure. Below, the incidents of the window.',
    kind: { deployments: 'failed', incidents: true },
  },
  'deployment-rework-rate': {
    title: 'Deployments behind the rework rate',
    explain:
      'The deployments of the window that were rework, unplanned and made to fix a problem: rollbacks, hotfixes, and deployments that shipped a hotfix change or one naming an incident open at the time.',
    kind: { deployments: 'rework' },
  },
  'time-to-restore-service': {
    title: 'Incidents behind the time to restore',
    explain:
      'Each incident that started in the window, whatever its cause, and how long it lasted until it was resolved. Those still open are not in the figure.',
    kind: 'incidents',
  },
};

const emptyDeployments: Record<Only, string> = {
  all: 'No successful deployment finished in the window.',
  rework: 'No deployment of the window was rework.',
  failed: 'No deployment of the window failed.',
};

function RowsTable<T extends object>(props: {
  rows: Loaded<Page<T>>;
  columns: TableColumn<T>[];
  empty: string;
}) {
  const { value, loading, error, retry } = props.rows;
  if (loading) return <Progress />;
  if (error) return <RetryableErrorPanel error={error} onRetry={retry} />;
  if (!value?.items.length) {
    return <Typography color="textSecondary">{props.empty}</Typography>;
  }
  return (
    <>
      {value.totalCount > value.items.length && (
        <Typography variant="body2" color="textSecondary">
          The {value.items.length} newest of {value.totalCount}.
        </Typography>
      )}
      <Table<T>
        options={{
          paging: value.items.length > 10,
          pageSize: 10,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
        columns={props.columns}
        data={value.items}
      />
    </>
  );
}

type RowsProps = { query: DeliveryQuery & { limit: number } };

function CountedDeployments(props: RowsProps & { only: Only }) {
  const { only } = props;
  return (
    <RowsTable<CountedDeploymentRow>
      rows={useCountedDeployments({
        ...props.query,
        rework: only === 'rework' || undefined,
        failed: only === 'failed' || undefined,
      })}
      columns={withOwner(
        only === 'failed' ? failedColumns : deploymentColumns,
        !!props.query.group,
        {
          title: 'Service',
          cellStyle: noWrap,
          render: d => <EntityRefLink entityRef={d.entityRef} />,
        },
      )}
      empty={emptyDeployments[only]}
    />
  );
}

function Changes(props: RowsProps) {
  return (
    <RowsTable<ChangeRow>
      rows={useChanges(props.query)}
      columns={withOwner(changeColumns, !!props.query.group, {
        title: 'Repository',
        field: 'repository',
      })}
      empty="No change was deployed in the window."
    />
  );
}

function Incidents(props: RowsProps) {
  return (
    <RowsTable<IncidentRow>
      rows={useIncidents({ ...props.query, state: 'all' })}
      columns={withOwner(incidentColumns, !!props.query.group, {
        title: 'Service',
        cellStyle: noWrap,
        render: i =>
          i.entityRef ? (
            <EntityRefLink entityRef={i.entityRef} />
          ) : (
            i.repository
          ),
      })}
      empty="No incident started in the window."
    />
  );
}

function Rows(props: { kind: Kind; query: RowsProps['query'] }) {
  const { kind, query } = props;
  if (kind === 'changes') return <Changes query={query} />;
  if (kind === 'incidents') return <Incidents query={query} />;
  return (
    <>
      <CountedDeployments query={query} only={kind.deployments} />
      {kind.incidents && (
        <Box mt={3}>
          <Typography variant="h6" component="h3">
            Incidents of the window
          </Typography>
          <Incidents query={query} />
        </Box>
      )}
    </>
  );
}

/** The rows a figure is computed from, each linked to GitHub or its incident. */
export function DrillDown(props: {
  figure: DrillDownFigure;
  query: DeliveryQuery;
  onClose: () => void;
}) {
  const section = sections[props.figure];
  return (
    <InfoCard
      title={section.title}
      subheader={section.explain}
      action={<Button onClick={props.onClose}>Close</Button>}
    >
      <Rows kind={section.kind} query={{ ...props.query, limit: ROWS }} />
    </InfoCard>
  );
}
