/**
 * What a pipeline run came to: its conclusion once completed, otherwise its
 * status. `GET /pipeline-runs?status=` filters by it.
 */
export const PIPELINE_RUN_STATES = [
  'queued',
  'in_progress',
  'success',
  'failure',
  'timed_out',
  'cancelled',
  'skipped',
  'neutral',
  'action_required',
] as const;
export type PipelineRunState = (typeof PIPELINE_RUN_STATES)[number];

/** Conclusions that say nothing about whether the pipeline works: not counted in success rates. */
export const UNDECIDED_RUN_CONCLUSIONS: readonly string[] = [
  'cancelled',
  'skipped',
  'neutral',
  'stale',
];

/** Conclusions of a run that failed (and may pass when run again on the same commit). */
export const FAILED_RUN_CONCLUSIONS: readonly string[] = [
  'failure',
  'timed_out',
];

/** One workflow's runs over a window (`GET /pipeline-runs/summary`). */
export interface PipelineWorkflowSummary {
  workflow: string;
  /** runs started in the window, whatever their state */
  runs: number;
  /** completed runs with a verdict (not cancelled, skipped or neutral) */
  decided: number;
  succeeded: number;
  /** succeeded / decided, null without decided runs */
  successRate: number | null;
  /** seconds from start to finish of the completed runs */
  durationMedian: number | null;
  durationP90: number | null;
  /** completed runs with a start and finish time */
  durationSampleSize: number;
  /** commits with at least one decided run */
  commits: number;
  /**
   * commits whose runs failed and then passed without a change: a later run,
   * or a later attempt of the same run, succeeded after a failure
   */
  flakyCommits: number;
  /** flakyCommits / commits, null without commits */
  flakiness: number | null;
  /** start of the newest run (ISO), null when unknown */
  lastRunAt: string | null;
}

/** `GET /pipeline-runs/summary`: the window and each workflow with a run in it. */
export interface PipelineSummaryResponse {
  from: string;
  to: string;
  workflows: PipelineWorkflowSummary[];
}
