import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress, Select } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_GITHUB_PROJECT_SLUG,
  PIPELINE_RUN_STATES,
  PipelineRunState,
  isDemoDataEntity,
} from '@internal/plugin-delivery-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { DemoDataNotice } from '../DemoDataNotice';
import { RetryableErrorPanel } from '../RetryableErrorPanel';
import { lastDays } from '../window';
import { BranchFilter } from './BranchFilter';
import { NoRunsYet } from './NoRunsYet';
import { PipelineRunsTable } from './PipelineRunsTable';
import { WorkflowSummaryTable } from './WorkflowSummaryTable';
import {
  PAGE_SIZE_OPTIONS,
  PipelineFilters,
  WINDOW_DAYS_OPTIONS,
  usePipelineFilters,
} from './usePipelineFilters';
import { usePipelineRuns, usePipelineSummary } from '../../hooks';
import { RUN_STATE_LABELS } from './runs';

/** The choice of every workflow or status (no workflow is named so). */
const ALL = '*';

/** A select of one value or all of them (`undefined`). */
function FilterSelect(props: {
  label: string;
  allLabel: string;
  options: Array<{ label: string; value: string }>;
  selected?: string;
  onChange: (value: string | undefined) => void;
}) {
  return (
    <Select
      label={props.label}
      items={[{ label: props.allLabel, value: ALL }, ...props.options]}
      selected={props.selected ?? ALL}
      onChange={value =>
        props.onChange(value === ALL ? undefined : String(value))
      }
    />
  );
}

/** The Pipelines tab of a component: its workflows' figures and its runs, filtered and paged. */
export function PipelinesContent() {
  const { entity } = useEntity();
  const repository =
    entity.metadata.annotations?.[ANNOTATION_GITHUB_PROJECT_SLUG];
  if (!repository) {
    return (
      <MissingAnnotationEmptyState
        annotation={ANNOTATION_GITHUB_PROJECT_SLUG}
      />
    );
  }
  return (
    <PipelinesDashboard
      entityRef={stringifyEntityRef(entity)}
      repository={repository}
      demo={isDemoDataEntity(entity)}
    />
  );
}

function PipelinesDashboard(props: {
  entityRef: string;
  repository: string;
  demo: boolean;
}) {
  const { entityRef } = props;
  const [filters, setFilters] = usePipelineFilters();
  const range = useMemo(() => lastDays(filters.days), [filters.days]);
  const summary = usePipelineSummary({ entityRef, ...range });
  const workflows = summary.value?.workflows ?? [];

  return (
    <Grid container spacing={3}>
      {props.demo && (
        <Grid item xs={12}>
          <DemoDataNotice />
        </Grid>
      )}
      <Grid item xs={12}>
        <Filters
          filters={filters}
          workflows={workflows.map(w => w.workflow)}
          onChange={setFilters}
        />
      </Grid>
      <Grid item xs={12}>
        {summary.loading && <Progress />}
        {summary.error && (
          <RetryableErrorPanel error={summary.error} onRetry={summary.retry} />
        )}
        {summary.value && workflows.length > 0 && (
          <WorkflowSummaryTable workflows={workflows} days={filters.days} />
        )}
      </Grid>
      <Grid item xs={12}>
        <RunsSection
          entityRef={entityRef}
          repository={props.repository}
          filters={filters}
          range={range}
          onChange={setFilters}
        />
      </Grid>
    </Grid>
  );
}

function Filters(props: {
  filters: PipelineFilters;
  workflows: string[];
  onChange: (change: Partial<PipelineFilters>) => void;
}) {
  const { filters, onChange } = props;
  // a workflow in the URL stays choosable while the summary loads or when it has no run
  const workflows = [
    ...new Set([
      ...props.workflows,
      ...(filters.workflow ? [filters.workflow] : []),
    ]),
  ];
  return (
    <Grid container spacing={2} alignItems="flex-end">
      <Grid item xs={12} sm={6} md={3}>
        <Select
          label="Window"
          items={WINDOW_DAYS_OPTIONS.map(d => ({
            label: `Last ${d} days`,
            value: d,
          }))}
          selected={filters.days}
          onChange={value => onChange({ days: Number(value) })}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <FilterSelect
          label="Workflow"
          allLabel="All workflows"
          options={workflows.map(w => ({ label: w, value: w }))}
          selected={filters.workflow}
          onChange={workflow => onChange({ workflow })}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <FilterSelect
          label="Status"
          allLabel="All statuses"
          options={PIPELINE_RUN_STATES.map(s => ({
            label: RUN_STATE_LABELS[s],
            value: s,
          }))}
          selected={filters.status}
          onChange={status => onChange({ status: status as PipelineRunState })}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <BranchFilter
          branch={filters.branch}
          onChange={branch => onChange({ branch })}
        />
      </Grid>
    </Grid>
  );
}

function RunsSection(props: {
  entityRef: string;
  repository: string;
  filters: PipelineFilters;
  range: { from: Date; to: Date };
  onChange: (change: Partial<PipelineFilters>) => void;
}) {
  const { filters, onChange } = props;
  const runs = usePipelineRuns({
    entityRef: props.entityRef,
    ...props.range,
    workflow: filters.workflow,
    branch: filters.branch,
    status: filters.status,
    limit: filters.pageSize,
    offset: filters.page * filters.pageSize,
  });
  const filtered = Boolean(
    filters.workflow || filters.branch || filters.status,
  );
  if (runs.loading) return <Progress />;
  if (runs.error) {
    return <RetryableErrorPanel error={runs.error} onRetry={runs.retry} />;
  }
  if (!runs.value) return null;
  if (!runs.value.totalCount && !filtered) {
    return (
      <InfoCard title="Runs">
        <NoRunsYet repository={props.repository} days={filters.days} />
      </InfoCard>
    );
  }
  return (
    <PipelineRunsTable
      page={runs.value}
      pageNumber={filters.page}
      pageSize={filters.pageSize}
      pageSizeOptions={PAGE_SIZE_OPTIONS}
      onPageChange={page => onChange({ page })}
      onPageSizeChange={pageSize => onChange({ pageSize })}
      emptyContent={
        <Box p={2}>
          <Typography paragraph>
            {filtered
              ? 'No runs match these filters in the window.'
              : 'No runs on this page.'}
          </Typography>
          <Button
            variant="outlined"
            onClick={() =>
              onChange(
                filtered
                  ? {
                      workflow: undefined,
                      branch: undefined,
                      status: undefined,
                    }
                  : { page: 0 },
              )
            }
          >
            {filtered ? 'Clear filters' : 'First page'}
          </Button>
        </Box>
      }
    />
  );
}
