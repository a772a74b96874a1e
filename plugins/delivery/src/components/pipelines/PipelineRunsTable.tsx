import { Link, Table, TableColumn } from '@backstage/core-components';
import { Page, PipelineRunRow } from '@internal/plugin-delivery-common';
import TablePagination from '@material-ui/core/TablePagination';
import Tooltip from '@material-ui/core/Tooltip';
import { ReactNode } from 'react';
import { Timestamp } from '../Timestamp';
import { formatDuration, plural } from '../format';
import { RunStatus } from './RunStatus';
import { runDurationSeconds, safeHttpUrl } from './runs';

function WorkflowCell(props: { run: PipelineRunRow }) {
  const { run } = props;
  const url = safeHttpUrl(run.url);
  return url ? (
    <Link to={url} aria-label={`${run.workflow} run on its CI`}>
      {run.workflow}
    </Link>
  ) : (
    <>{run.workflow}</>
  );
}

function CommitCell(props: { run: PipelineRunRow }) {
  const { sha, repository } = props.run;
  if (!sha) return <>–</>;
  return (
    <Link to={`https://github.com/${repository}/commit/${sha}`}>
      <code>{sha.slice(0, 7)}</code>
    </Link>
  );
}

// logins, statuses and times are read as one word: never broken across lines
const noWrap = { whiteSpace: 'nowrap' } as const;

/**
 * Branch names can be long: cut to one line, the full name on hover. The
 * name's own box is cut, as a table cell grows to fit its content whatever
 * its max-width, pushing the columns after it out of the table.
 */
const branchName = {
  ...noWrap,
  display: 'block',
  maxWidth: 200,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
} as const;

function BranchCell(props: { branch: string | null }) {
  const { branch } = props;
  if (!branch) return <>–</>;
  return (
    <Tooltip title={branch}>
      <span style={branchName}>{branch}</span>
    </Tooltip>
  );
}

const columns: TableColumn<PipelineRunRow>[] = [
  {
    title: 'Status',
    cellStyle: noWrap,
    render: run => <RunStatus run={run} />,
  },
  {
    title: 'Workflow',
    cellStyle: noWrap,
    render: run => <WorkflowCell run={run} />,
  },
  {
    title: 'Branch',
    render: run => <BranchCell branch={run.branch} />,
  },
  {
    title: 'Commit',
    cellStyle: noWrap,
    render: run => <CommitCell run={run} />,
  },
  { title: 'Actor', field: 'actor', emptyValue: '–', cellStyle: noWrap },
  {
    title: 'Started',
    cellStyle: noWrap,
    render: run => <Timestamp iso={run.startedAt} />,
  },
  {
    title: 'Duration',
    cellStyle: noWrap,
    render: run =>
      run.status === 'completed'
        ? formatDuration(runDurationSeconds(run))
        : '–',
  },
  {
    title: 'Attempt',
    cellStyle: noWrap,
    render: run => (run.attempt > 1 ? `${run.attempt} (re-run)` : '1'),
  },
];

/** One page of runs, with controls that ask the backend for another page. */
export function PipelineRunsTable(props: {
  page: Page<PipelineRunRow>;
  /** the page asked for, from 0 */
  pageNumber: number;
  pageSize: number;
  pageSizeOptions: number[];
  onPageChange: (page: number) => void;
  onPageSizeChange: (pageSize: number) => void;
  emptyContent: ReactNode;
}) {
  const { items, totalCount } = props.page;
  return (
    <>
      <Table<PipelineRunRow>
        title="Runs"
        subtitle={plural(totalCount, 'run')}
        options={{ paging: false, search: false, toolbar: true }}
        columns={columns}
        data={items}
        emptyContent={props.emptyContent}
      />
      {totalCount > 0 && (
        <TablePagination
          component="div"
          count={totalCount}
          page={props.pageNumber}
          rowsPerPage={props.pageSize}
          rowsPerPageOptions={props.pageSizeOptions}
          onPageChange={(_, page) => props.onPageChange(page)}
          onRowsPerPageChange={e =>
            props.onPageSizeChange(Number(e.target.value))
          }
        />
      )}
    </>
  );
}
