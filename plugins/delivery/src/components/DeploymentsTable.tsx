import { Link, Table, TableColumn } from '@backstage/core-components';
import { DeploymentRow, Page } from '@internal/plugin-delivery-common';

function shortSha(row: DeploymentRow) {
  const sha = row.sha.slice(0, 7);
  return row.url ? <Link to={row.url}>{sha}</Link> : sha;
}

function when(row: DeploymentRow): string {
  const time = row.finishedAt ?? row.startedAt;
  return time ? new Date(time).toLocaleString() : '–';
}

const columns: TableColumn<DeploymentRow>[] = [
  { title: 'Finished', render: when },
  { title: 'Status', field: 'status' },
  { title: 'Environment', field: 'environment' },
  { title: 'Commit', render: shortSha },
  { title: 'Ref', field: 'ref', emptyValue: '–' },
  { title: 'Workflow', field: 'workflow', emptyValue: '–' },
  {
    title: 'Kind',
    render: row =>
      [row.isRollback && 'rollback', row.isHotfix && 'hotfix']
        .filter(Boolean)
        .join(', ') || 'planned',
  },
];

/** The deployments behind the figures, newest first. */
export function DeploymentsTable(props: { page: Page<DeploymentRow> }) {
  const { items, totalCount } = props.page;
  return (
    <Table<DeploymentRow>
      title="Recent deployments"
      subtitle={`${items.length} newest of ${totalCount} in the window`}
      options={{ paging: items.length > 10, pageSize: 10, search: false }}
      columns={columns}
      data={items}
      emptyContent={
        <div style={{ padding: 16 }}>No deployments in the window.</div>
      }
    />
  );
}
