import {
  FAILED_RUN_CONCLUSIONS,
  Page,
  PipelineRunRow,
  PipelineRunState,
  PipelineWorkflowSummary,
  UNDECIDED_RUN_CONCLUSIONS,
} from '@internal/plugin-delivery-common';
import { DeliveryStore, ServiceScope, toIso } from '../database/DeliveryStore';
import { percentiles } from '../metrics/queries';
import { Sql, inList, join, sql } from '../database/sql';

/** Which runs: of the scopes' repositories (narrowed to their workflows), started in [from, to). */
export interface RunsWindow {
  scopes: ServiceScope[];
  from: number;
  to: number;
}

export interface RunsFilter {
  workflow?: string;
  branch?: string;
  status?: PipelineRunState;
  /** lower-case commit shas, any of which */
  shas?: string[];
}

/** When a run happened: its start, or when it was last reported while it has none. */
const RUN_AT = sql`COALESCE(started_at, updated_at)`;

const numOrNull = (v: unknown) =>
  v === null || v === undefined ? null : Number(v);

function windowCondition(o: RunsWindow): Sql {
  const scopes = o.scopes.map(s =>
    s.workflows.length
      ? sql`(repository = ${s.repository} AND workflow IN ${inList(
          s.workflows,
        )})`
      : sql`(repository = ${s.repository})`,
  );
  return sql`(${join(scopes, ' OR ')})
  AND ${RUN_AT} >= ${o.from} AND ${RUN_AT} < ${o.to}`;
}

function filterConditions(f: RunsFilter): Sql[] {
  const conds: Sql[] = [];
  if (f.workflow !== undefined) conds.push(sql`workflow = ${f.workflow}`);
  if (f.branch !== undefined) conds.push(sql`branch = ${f.branch}`);
  if (f.shas?.length) conds.push(sql`sha IN ${inList(f.shas)}`);
  if (f.status === 'queued' || f.status === 'in_progress') {
    conds.push(sql`status = ${f.status}`);
  } else if (f.status) {
    conds.push(sql`status = 'completed' AND conclusion = ${f.status}`);
  }
  return conds;
}

const DECIDED = sql`status = 'completed' AND conclusion IS NOT NULL
  AND conclusion NOT IN ${inList([...UNDECIDED_RUN_CONCLUSIONS])}`;
const FAILED = sql`conclusion IN ${inList([...FAILED_RUN_CONCLUSIONS])}`;

export function toPipelineRunRow(r: any): PipelineRunRow {
  return {
    id: Number(r.id),
    repository: r.repository,
    source: r.source,
    externalId: r.external_id,
    workflow: r.workflow,
    branch: r.branch,
    sha: r.sha,
    status: r.status,
    conclusion: r.conclusion,
    startedAt: toIso(r.started_at),
    finishedAt: toIso(r.finished_at),
    url: r.url,
    actor: r.actor,
    attempt: Number(r.attempt),
  };
}

/** Reads pipeline runs: pages of them, and each workflow's figures. */
export class PipelineRuns {
  constructor(private readonly store: DeliveryStore) {}

  /** A page of the runs in the window that pass the filter, newest first. */
  async list(
    o: RunsWindow & RunsFilter & { limit: number; offset: number },
  ): Promise<Page<PipelineRunRow>> {
    const page = (items: PipelineRunRow[], total: unknown) => ({
      items,
      totalCount: Number(total ?? 0),
      limit: o.limit,
      offset: o.offset,
    });
    if (!o.scopes.length) return page([], 0);
    const where = join([windowCondition(o), ...filterConditions(o)], ' AND ');
    const [counted] = await this.store.runAnalytical(
      sql`SELECT COUNT(*) AS n FROM delivery_pipeline_runs WHERE ${where}`,
    );
    const rows = await this.store.runAnalytical(
      sql`SELECT * FROM delivery_pipeline_runs WHERE ${where}
ORDER BY ${RUN_AT} DESC, id DESC LIMIT ${o.limit} OFFSET ${o.offset}`,
    );
    return page(rows.map(toPipelineRunRow), counted.n);
  }

  /**
   * Each workflow's success rate, median and p90 duration and flakiness over
   * the window. A commit is flaky when, on it, a run failed and a later run
   * passed, or a run passed after an earlier attempt of it failed.
   */
  async summary(o: RunsWindow): Promise<PipelineWorkflowSummary[]> {
    if (!o.scopes.length) return [];
    const durations = percentiles(
      this.store.isPostgres,
      sql`SELECT 'duration' AS metric, workflow AS svc, 0 AS bucket,
    (finished_at - started_at) / 1000.0 AS val
  FROM runs WHERE status = 'completed' AND started_at IS NOT NULL
    AND finished_at >= started_at`,
    );
    const rows = await this.store.runAnalytical(
      sql`WITH runs AS (
  SELECT workflow, sha, status, conclusion, started_at, finished_at,
    earlier_attempt_failed, ${RUN_AT} AS run_at,
    CASE WHEN ${DECIDED} THEN 1 ELSE 0 END AS decided
  FROM delivery_pipeline_runs WHERE ${windowCondition(o)}
),
counts AS (
  SELECT workflow, COUNT(*) AS runs, SUM(decided) AS decided,
    SUM(CASE WHEN decided = 1 AND conclusion = 'success' THEN 1 ELSE 0 END) AS succeeded,
    MAX(run_at) AS last_run_at
  FROM runs GROUP BY workflow
),
commits AS (
  SELECT workflow, sha,
    MAX(CASE WHEN conclusion = 'success' AND earlier_attempt_failed = 1 THEN 1 ELSE 0 END) AS retried,
    MIN(CASE WHEN ${FAILED} THEN run_at END) AS first_failure,
    MAX(CASE WHEN conclusion = 'success' THEN run_at END) AS last_success
  FROM runs WHERE decided = 1 AND sha IS NOT NULL GROUP BY workflow, sha
),
flaky AS (
  SELECT workflow, COUNT(*) AS commits,
    SUM(CASE WHEN retried = 1 OR last_success > first_failure THEN 1 ELSE 0 END) AS flaky_commits
  FROM commits GROUP BY workflow
),
durations AS (${durations})
SELECT c.workflow, c.runs, c.decided, c.succeeded, c.last_run_at,
  f.commits, f.flaky_commits, d.n AS duration_n, d.p50, d.p90
FROM counts c
LEFT JOIN flaky f ON f.workflow = c.workflow
LEFT JOIN durations d ON d.svc = c.workflow
ORDER BY c.workflow`,
    );
    return rows.map(r => {
      const decided = Number(r.decided ?? 0);
      const succeeded = Number(r.succeeded ?? 0);
      const commits = Number(r.commits ?? 0);
      const flakyCommits = Number(r.flaky_commits ?? 0);
      return {
        workflow: r.workflow,
        runs: Number(r.runs),
        decided,
        succeeded,
        successRate: decided ? succeeded / decided : null,
        durationMedian: numOrNull(r.p50),
        durationP90: numOrNull(r.p90),
        durationSampleSize: Number(r.duration_n ?? 0),
        commits,
        flakyCommits,
        flakiness: commits ? flakyCommits / commits : null,
        lastRunAt: toIso(r.last_run_at),
      };
    });
  }
}
