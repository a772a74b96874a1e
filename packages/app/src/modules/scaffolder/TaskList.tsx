import { useState } from 'react';
import {
  ErrorPanel,
  Link,
  Select,
  StatusError,
  StatusOK,
  StatusPending,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ScaffolderTask,
  scaffolderApiRef,
} from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import useAsync from 'react-use/esm/useAsync';
import { nameOfTask } from './TaskBreadcrumbTitles';

type Ownership = 'owned' | 'all';

function TaskStatus(props: { status: ScaffolderTask['status'] }) {
  const { status } = props;
  if (status === 'completed') return <StatusOK>{status}</StatusOK>;
  if (status === 'open' || status === 'processing') {
    return <StatusPending>{status}</StatusPending>;
  }
  return <StatusError>{status}</StatusError>;
}

const columns: TableColumn<ScaffolderTask>[] = [
  {
    title: 'Task',
    // relative to the tasks page, which lists them
    render: task => <Link to={task.id}>{nameOfTask(task)}</Link>,
  },
  {
    title: 'Created',
    render: task => new Date(task.createdAt).toLocaleString(),
  },
  {
    title: 'Owner',
    render: task =>
      task.spec.user?.ref ? (
        <EntityRefLink entityRef={task.spec.user.ref} />
      ) : (
        'Unknown'
      ),
  },
  {
    title: 'Status',
    render: task => <TaskStatus status={task.status} />,
  },
];

/**
 * The scaffolder's tasks, each named by its template and service (the
 * scaffolder's own list shows their ids), newest first, yours or everyone's.
 */
export function TaskList() {
  const scaffolderApi = useApi(scaffolderApiRef);
  const [ownership, setOwnership] = useState<Ownership>('owned');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(10);
  const { value, loading, error } = useAsync(
    () =>
      scaffolderApi.listTasks({
        filterByOwnership: ownership,
        limit: pageSize,
        offset: page * pageSize,
      }),
    [scaffolderApi, ownership, page, pageSize],
  );
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <Select
        label="Tasks of"
        items={[
          { label: 'You', value: 'owned' },
          { label: 'Everyone', value: 'all' },
        ]}
        selected={ownership}
        onChange={selected => {
          setPage(0);
          setOwnership(selected as Ownership);
        }}
      />
      {error ? (
        <ErrorPanel error={error} title="Could not list the tasks" />
      ) : (
        <Table<ScaffolderTask>
          title="Tasks"
          isLoading={loading}
          data={value?.tasks ?? []}
          totalCount={value?.totalTasks ?? 0}
          page={page}
          onPageChange={setPage}
          onRowsPerPageChange={size => {
            setPage(0);
            setPageSize(size);
          }}
          options={{ pageSize, emptyRowsWhenPaging: false, search: false }}
          columns={columns}
        />
      )}
    </Box>
  );
}
