import { FAILED_RUN_CONCLUSIONS } from '@internal/plugin-delivery-common';
import {
  KeyedTable,
  Row,
  carry,
  columnsOf,
  toMillis,
  toNumber,
} from './upsertByKey';
import { PipelineRunEvent } from '../service/schemas';

/** A run only moves forward: a late `queued` or `in_progress` never reopens a completed run. */
const RUN_PROGRESS = ['queued', 'in_progress', 'completed'];

const failed = (conclusion: unknown) =>
  FAILED_RUN_CONCLUSIONS.includes(String(conclusion));

/**
 * How a pipeline run event updates its row: one row per run, holding its
 * latest attempt. A later attempt replaces the attempt's own fields (status,
 * conclusion, times, actor); an event of an earlier attempt only fills the
 * run's fields that are still empty; within one attempt the status only moves
 * forward. Either way, a failed attempt before the stored one raises
 * `earlier_attempt_failed` (never cleared), so the outcome does not depend on
 * the order in which attempts arrive.
 */
export const pipelineRunsTable: KeyedTable<PipelineRunEvent> = {
  table: 'delivery_pipeline_runs',
  keyColumns: ['source', 'external_id'],
  keyOf: e => [e.source, e.externalId],
  apply(previous, e) {
    const storedAttempt = toNumber(previous?.attempt) ?? 1;
    // an event that leaves out its attempt belongs to the stored one
    const attempt = e.attempt ?? (previous ? storedAttempt : 1);
    const newAttempt = previous !== undefined && attempt > storedAttempt;
    const earlierAttempt = previous !== undefined && attempt < storedAttempt;
    let superseded: string | undefined;
    if (earlierAttempt) superseded = 'an earlier attempt than the stored one';
    else if (
      !newAttempt &&
      previous &&
      RUN_PROGRESS.indexOf(e.status) <
        RUN_PROGRESS.indexOf(String(previous.status))
    ) {
      superseded = 'older than the stored status';
    }

    const runFields: Row = {
      repository: e.repository,
      workflow: e.workflow,
      branch: e.branch,
      sha: e.sha,
      url: e.url,
    };
    const attemptFields: Row = {
      status: e.status,
      conclusion: e.conclusion,
      started_at: toMillis(e.startedAt),
      finished_at: toMillis(e.finishedAt),
      actor: e.actor,
    };
    let row = columnsOf(previous, {
      source: e.source,
      external_id: e.externalId,
      repository: null,
      workflow: null,
      branch: null,
      sha: null,
      url: null,
      status: null,
      conclusion: null,
      started_at: null,
      finished_at: null,
      actor: null,
      attempt,
    });
    if (newAttempt) {
      // the new attempt's outcome is not known until it reports it
      row = { ...row, conclusion: null, started_at: null, finished_at: null };
    }
    row = carry(row, runFields, superseded ? 'fill empty' : 'overwrite');
    if (!earlierAttempt) {
      row = carry(row, attemptFields, superseded ? 'fill empty' : 'overwrite');
    }
    const earlierFailed =
      Number(previous?.earlier_attempt_failed ?? 0) === 1 ||
      (newAttempt && failed(previous?.conclusion)) ||
      (earlierAttempt && failed(e.conclusion));
    return {
      superseded,
      row: {
        ...row,
        attempt: Math.max(attempt, storedAttempt),
        earlier_attempt_failed: earlierFailed ? 1 : 0,
      },
    };
  },
};
