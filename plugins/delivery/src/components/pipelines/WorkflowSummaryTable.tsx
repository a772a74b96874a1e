import { Table, TableColumn } from '@backstage/core-components';
import { PipelineWorkflowSummary } from '@internal/plugin-delivery-common';
import { Timestamp } from '../Timestamp';
import { formatDuration, formatPercent, plural } from '../format';
import { compactHeaderStyle } from '../serviceFigures';

// figures such as "91.7% (11 of 12)" read as one: never broken across lines
const noWrap = { whiteSpace: 'nowrap' } as const;

const columns: TableColumn<PipelineWorkflowSummary>[] = [
  { title: 'Workflow', field: 'workflow' },
  { title: 'Runs', cellStyle: noWrap, render: s => plural(s.runs, 'run') },
  {
    title: 'Success rate',
    cellStyle: noWrap,
    render: s =>
      s.successRate === null
        ? 'no finished run'
        : `${formatPercent(s.successRate)} (${s.succeeded} of ${s.decided})`,
  },
  {
    title: 'Median duration',
    cellStyle: noWrap,
    render: s => formatDuration(s.durationMedian),
  },
  {
    title: 'p90 duration',
    cellStyle: noWrap,
    render: s => formatDuration(s.durationP90),
  },
  {
    title: 'Flaky commits',
    cellStyle: noWrap,
    render: s =>
      s.flakiness === null
        ? '–'
        : `${formatPercent(s.flakiness)} (${s.flakyCommits} of ${plural(
            s.commits,
            'commit',
          )})`,
  },
  {
    title: 'Last run',
    cellStyle: noWrap,
    render: s => <Timestamp iso={s.lastRunAt} />,
  },
];

/**
 * Each workflow's success rate, durations and flakiness: the share of
 * commits on which a run failed and then passed without a change.
 */
export function WorkflowSummaryTable(props: {
  workflows: PipelineWorkflowSummary[];
  days: number;
}) {
  return (
    <Table<PipelineWorkflowSummary>
      title="Workflows"
      subtitle={`Last ${plural(
        props.days,
        'day',
      )}. Success rate leaves out cancelled, skipped and running runs; a commit is flaky when a run failed on it and a later run or attempt passed.`}
      options={{
        paging: false,
        search: false,
        headerStyle: compactHeaderStyle,
      }}
      columns={columns}
      data={props.workflows}
    />
  );
}
