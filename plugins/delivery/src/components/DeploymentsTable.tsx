import { Link, Table, TableColumn } from '@backstage/core-components';
import {
  DeploymentRow,
  Page,
  PipelineRunRow,
} from '@internal/plugin-delivery-common';
import { Timestamp } from './Timestamp';
import { runOfDeployment, safeHttpUrl } from './pipelines';

function shortSha(row: DeploymentRow) {
  const sha = row.sha.slice(0, 7);
  return row.url ? <Link to={row.url}>{sha}</Link> : sha;
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
  { title: 'Status', field: 'status' },
  { title: 'Environment', field: 'environment' },
  { title: 'Commit', render: shortSha },
  { title: 'Ref', field: 'ref', emptyValue: '–' },
  { title: 'Workflow', render: row => workflowCell(row, runs) },
  {
    title: 'Kind',
    render: row =>
      [row.isRollback && 'rollback', row.isHotfix && 'hotfix']
        .filter(Boolean)
        .join(', ') || 'planned',
  },
];

/** The deployments behind the figures, newest first. */
export function DeploymentsTable(props: {
  page: Page<DeploymentRow>;
  /** runs of the deployments' commits, to link each deployment to its run */
  runs?: PipelineRunRow[];
}) {
  const { items, totalCount } = props.page;
  return (
    <Table<DeploymentRow>
      title="Recent deployments"
      subtitle={`${items.length} newest of ${totalCount} in the window`}
      options={{ paging: items.length > 10, pageSize: 10, search: false }}
      columns={columns(props.runs ?? [])}
      data={items}
      emptyContent={
        <div style={{ padding: 16 }}>No deployments in the window.</div>
      }
    />
  );
}
