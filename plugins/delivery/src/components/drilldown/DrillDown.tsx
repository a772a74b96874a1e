import {
  InfoCard,
  Link,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ChangeRow, IncidentRow, Page } from '@internal/plugin-delivery-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { DeliveryQuery, deliveryApiRef } from '../../api';
import { RetryableErrorPanel } from '../RetryableErrorPanel';
import { Timestamp } from '../Timestamp';
import { formatDuration } from '../format';
import { changeLabel, changeUrl } from '../health/links';
import { safeHttpUrl } from '../pipelines';

/** The rows behind a figure: at most this many, newest first. */
const ROWS = 100;

/** The figures whose rows can be listed, by their section of the definitions page. */
export type DrillDownFigure =
  | 'change-lead-time'
  | 'change-failure-rate'
  | 'failed-deployment-recovery-time';

export const drillDownFigures: DrillDownFigure[] = [
  'change-lead-time',
  'change-failure-rate',
  'failed-deployment-recovery-time',
];

const noWrap = { whiteSpace: 'nowrap' } as const;

function leadTime(change: ChangeRow): string {
  if (change.clockSkew) return 'Not counted: first commit after deployment';
  if (change.leadTimeSeconds === null) return 'Not counted: no first commit';
  return formatDuration(change.leadTimeSeconds);
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

const sections: Record<
  DrillDownFigure,
  { title: string; explain: string; kind: 'changes' | 'incidents' }
> = {
  'change-lead-time': {
    title: 'Changes behind the lead time',
    explain:
      'Each change deployed to production in the window, from its first commit to the deployment that shipped it.',
    kind: 'changes',
  },
  'change-failure-rate': {
    title: 'Incidents behind the change failure rate',
    explain:
      'A deployment failed when an incident is attributed to it; the incidents of the window and the deployment each is attributed to.',
    kind: 'incidents',
  },
  'failed-deployment-recovery-time': {
    title: 'Incidents behind the recovery time',
    explain:
      'The incidents of the window that made a deployment fail, and how long each took to restore.',
    kind: 'incidents',
  },
};

function RowsTable<T extends object>(props: {
  load: () => Promise<Page<T>>;
  deps: unknown[];
  columns: TableColumn<T>[];
  empty: string;
}) {
  const { value, loading, error, retry } = useAsyncRetry(
    props.load,
    props.deps,
  );
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

/** The rows a figure is computed from, each linked to GitHub or its incident. */
export function DrillDown(props: {
  figure: DrillDownFigure;
  query: DeliveryQuery;
  onClose: () => void;
}) {
  const api = useApi(deliveryApiRef);
  const section = sections[props.figure];
  const query = { ...props.query, limit: ROWS };
  return (
    <InfoCard
      title={section.title}
      subheader={section.explain}
      action={<Button onClick={props.onClose}>Close</Button>}
    >
      {section.kind === 'changes' ? (
        <RowsTable<ChangeRow>
          load={() => api.getChanges(query)}
          deps={[api, props.query]}
          columns={changeColumns}
          empty="No change was deployed in the window."
        />
      ) : (
        <RowsTable<IncidentRow>
          load={() => api.getIncidents({ ...query, state: 'all' })}
          deps={[api, props.query]}
          columns={incidentColumns}
          empty="No incident started in the window."
        />
      )}
    </InfoCard>
  );
}
