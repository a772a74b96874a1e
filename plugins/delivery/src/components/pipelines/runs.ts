import {
  DeploymentRow,
  PipelineRunRow,
  PipelineRunState,
} from '@internal/plugin-delivery-common';

export const RUN_STATE_LABELS: Record<PipelineRunState, string> = {
  queued: 'Queued',
  in_progress: 'In progress',
  success: 'Success',
  failure: 'Failure',
  timed_out: 'Timed out',
  cancelled: 'Cancelled',
  skipped: 'Skipped',
  neutral: 'Neutral',
  action_required: 'Action required',
};

/** What a run came to: its conclusion once completed, otherwise its status. */
export function runState(run: PipelineRunRow): PipelineRunState | string {
  return run.status === 'completed' && run.conclusion
    ? run.conclusion
    : run.status;
}

export function runStateLabel(run: PipelineRunRow): string {
  const state = runState(run);
  return RUN_STATE_LABELS[state as PipelineRunState] ?? state;
}

/** Seconds from start to finish, null until the run has both. */
export function runDurationSeconds(run: PipelineRunRow): number | null {
  if (!run.startedAt || !run.finishedAt) return null;
  const seconds =
    (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
  return seconds >= 0 ? seconds : null;
}

/** The URL when it is an http or https link, so no other scheme reaches an href. */
export function safeHttpUrl(
  url: string | null | undefined,
): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:'
      ? parsed.href
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The run that made a deployment: a run of its commit and workflow, or, when
 * the deployment names no workflow, the run of its commit that was going on
 * when the deployment started. The newest such run when there are several.
 */
export function runOfDeployment(
  deployment: DeploymentRow,
  runs: PipelineRunRow[],
): PipelineRunRow | undefined {
  const ofCommit = runs.filter(r => r.sha === deployment.sha);
  if (deployment.workflow) {
    return ofCommit.find(r => r.workflow === deployment.workflow);
  }
  const at = Date.parse(deployment.startedAt ?? deployment.finishedAt ?? '');
  return ofCommit.find(
    r =>
      r.startedAt !== null &&
      Date.parse(r.startedAt) <= at &&
      (r.finishedAt === null || Date.parse(r.finishedAt) >= at),
  );
}
