import { Link, Table, TableColumn } from '@backstage/core-components';
import { Page, PipelineRunRow } from '@internal/plugin-delivery-common';
import TablePagination from '@material-ui/core/TablePagination';
import Tooltip from '@material-ui/core/Tooltip';
import { ReactNode } from 'react';
import { Timestamp } from '../Timestamp';
import { formatDuration, plural } from '../format';
import { compactHeaderStyle } from '../serviceFigures';
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
 * name asks for no width of its own (width 0) and fills its cell: the
 * Branch column takes what the other columns leave, up to 30% of the table.
 */
const branchName = {
  ...noWrap,
  display: 'block',
  width: 0,
  minWidth: '100%',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
} as const;
const BRANCH_COLUMN_WIDTH = '30%';

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
    width: BRANCH_COLUMN_WIDTH,
    // the table would turn the column's width into pixels of its widest layout
    cellStyle: { width: BRANCH_COLUMN_WIDTH },
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

/**
 * The columns as wide as their content (the table's default is an equal
 * share each, which it then widens to the table's widest layout, pushing
 * the last columns out of view as soon as one column needs more than its
 * share), the Branch column taking the rest.
 */
const sizedColumns = columns.map(column =>
  column.width ? column : { ...column, width: 'auto' },
);

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
        options={{
          paging: false,
          search: false,
          toolbar: true,
          // a page of the backend's: sorting it alone would mislead, and the
          // headings' sort arrows take the room of a column at 1,280 px
          sorting: false,
          headerStyle: compactHeaderStyle,
        }}
        columns={sizedColumns}
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
