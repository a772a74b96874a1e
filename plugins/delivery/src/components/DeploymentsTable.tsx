import { Link, Table, TableColumn } from '@backstage/core-components';
import {
  DeploymentRow,
  DeploymentStatus,
  Page,
  PipelineRunRow,
} from '@internal/plugin-delivery-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Timestamp } from './Timestamp';
import {
  DeploymentCommit,
  RefLabel,
  deploymentKind,
  deploymentStatusWords,
} from './deployments';
import { plural } from './format';
import { runOfDeployment, safeHttpUrl } from './pipelines';

/** A deployment's status on its own: "Succeeded", "In progress". */
function statusLabel(status: DeploymentStatus): string {
  const words = deploymentStatusWords[status] ?? status;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** How long ago it finished (or started), with the time and zone on hover. */
function when(row: DeploymentRow) {
  return <Timestamp iso={row.finishedAt ?? row.startedAt} />;
}

/** The workflow that deployed, linked to its run when the run is known. */
function workflowCell(row: DeploymentRow, runs: PipelineRunRow[]) {
  const run = runOfDeployment(row, runs);
  const name = row.workflow ?? run?.workflow;
  const url = safeHttpUrl(run?.url);
  if (!name) return '–';
  return url ? <Link to={url}>{name}</Link> : name;
}

const columns = (runs: PipelineRunRow[]): TableColumn<DeploymentRow>[] => [
  { title: 'Finished', cellStyle: { whiteSpace: 'nowrap' }, render: when },
  {
    title: 'Status',
    render: row => statusLabel(row.status),
  },
  { title: 'Environment', field: 'environment' },
  { title: 'Commit', render: row => <DeploymentCommit row={row} /> },
  {
    title: 'Ref',
    cellStyle: { whiteSpace: 'nowrap' },
    render: row => <RefLabel gitRef={row.ref} />,
  },
  { title: 'Workflow', render: row => workflowCell(row, runs) },
  { title: 'Kind', render: row => deploymentKind(row) },
];

/**
 * Every deployment attempt in the window, newest first, with a caption that
 * says how its count relates to the deployment frequency's.
 */
export function DeploymentsTable(props: {
  page: Page<DeploymentRow>;
  /** runs of the deployments' commits, to link each deployment to its run */
  runs?: PipelineRunRow[];
  /** the environments listed, as the figures name them */
  environments?: string[];
  /** how many of them deployment frequency counts, once known */
  counted?: number;
  /** where the counted deployments are listed */
  countedUrl?: string;
  /** how many of them the change failure rate counts as failed, once known */
  failed?: number;
}) {
  const { items, totalCount } = props.page;
  const where = props.environments?.length
    ? ` to ${props.environments.join(', ')}`
    : '';
  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      <CountedNote
        total={totalCount}
        counted={props.counted}
        failed={props.failed}
        url={props.countedUrl}
      />
      <Table<DeploymentRow>
        title="Recent deployments"
        subtitle={`${
          items.length < totalCount ? `The ${items.length} newest of ` : ''
        }${plural(
          totalCount,
          'deployment',
        )}${where} in the window, of any status`}
        options={{ paging: items.length > 10, pageSize: 10, search: false }}
        columns={columns(props.runs ?? [])}
        data={items}
        emptyContent={
          <div style={{ padding: 16 }}>No deployments in the window.</div>
        }
      />
    </Box>
  );
}

/**
 * Why the table may list more deployments than the deployment frequency
 * counts, and why its statuses may name fewer failures than the change
 * failure rate does.
 */
function CountedNote(props: {
  total: number;
  counted?: number;
  failed?: number;
  url?: string;
}) {
  const { total, counted, failed, url } = props;
  if (counted === undefined || total === 0) return null;
  const link =
    url && counted > 0 ? (
      <>
        {' '}
        <Link to={url}>Show them</Link>.
      </>
    ) : null;
  return (
    <Typography variant="body2" role="note" aria-label="Deployments counted">
      {counted === total
        ? `Deployment frequency counts all ${plural(
            total,
            'deployment',
          )} of the window.`
        : `Deployment frequency counts ${counted} of the ${plural(
            total,
            'deployment',
          )} of the window: the successful ones. Failed, cancelled and unfinished rollouts count in no figure.`}
      {link}
      {!!failed &&
        ` The change failure rate counts ${plural(
          failed,
          'deployment',
        )} of the window as failed in production, whatever the status here: repaired by a rollback or a hotfix, or blamed for an incident.`}
    </Typography>
  );
}
