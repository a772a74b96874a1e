import {
  ChangeRow,
  CountedDeploymentRow,
  DeploymentRow,
  IncidentRow,
  IncidentState,
  Page,
} from '@internal/plugin-delivery-common';
import { DeliveryStore, ServiceScope, toIso } from '../database/DeliveryStore';
import { factsCtes } from './queries';
import { Sql, inList, join, sql } from '../database/sql';

export interface DrillDownOptions {
  scopes: ServiceScope[];
  /** one environment instead of each scope's production environments */
  environment?: string;
  /** every environment (deployments only); wins over `environment` */
  allEnvironments?: boolean;
  /** which incidents to list; `all` when absent */
  incidentState?: IncidentState;
  from: number;
  to: number;
  attributionWindowMs: number;
  limit: number;
  offset: number;
}

const bool = (v: unknown) => Number(v) === 1;
const numOrNull = (v: unknown) =>
  v === null || v === undefined ? null : Number(v);

/** `environment IN (...)` for a scope, nothing when every environment is asked for. */
function environmentCondition(o: DrillDownOptions, s: ServiceScope): Sql[] {
  if (o.allEnvironments) return [];
  const envs = o.environment ? [o.environment] : s.productionEnvironments;
  // environment names match case-insensitively
  return [
    sql`LOWER(environment) IN ${inList([
      ...new Set(envs.map(e => e.toLowerCase())),
    ])}`,
  ];
}

function toDeploymentRow(r: any): DeploymentRow {
  return {
    id: Number(r.id),
    repository: r.repository,
    service: r.service,
    environment: r.environment,
    sha: r.sha,
    ref: r.ref,
    status: r.status,
    startedAt: toIso(r.started_at),
    finishedAt: toIso(r.finished_at),
    source: r.source,
    externalId: r.external_id,
    workflow: r.workflow,
    isRollback: bool(r.is_rollback),
    isHotfix: bool(r.is_hotfix),
    url: r.url,
  };
}

/** Pages through the rows behind every figure. */
export class DrillDown {
  constructor(private readonly store: DeliveryStore) {}

  private run(q: Sql): Promise<any[]> {
    return this.store.runAnalytical(q);
  }

  private page<T>(o: DrillDownOptions, items: T[], total: unknown): Page<T> {
    return {
      items,
      totalCount: Number(total ?? 0),
      limit: o.limit,
      offset: o.offset,
    };
  }

  private empty<T>(o: DrillDownOptions): Page<T> {
    return this.page<T>(o, [], 0);
  }

  /** Counts the rows `count` selects (as `n`), then maps the page `select` returns. */
  private async fetchPage<T>(
    o: DrillDownOptions,
    count: Sql,
    select: Sql,
    toItem: (r: any) => T,
  ): Promise<Page<T>> {
    const [counted] = await this.run(count);
    const rows = await this.run(select);
    return this.page(o, rows.map(toItem), counted.n);
  }

  /** All deployments (any status) of the scopes to the selected environments (or all of them). */
  async deployments(o: DrillDownOptions): Promise<Page<DeploymentRow>> {
    if (!o.scopes.length) return this.empty(o);
    const conds = o.scopes.map(s => {
      const parts = [
        sql`repository = ${s.repository}`,
        ...environmentCondition(o, s),
        sql`(service IS NULL OR service = ${s.entityRef})`,
      ];
      if (s.workflows.length)
        parts.push(sql`workflow IN ${inList(s.workflows)}`);
      return sql`(${join(parts, ' AND ')})`;
    });
    const where = sql`(${join(conds, ' OR ')})
  AND COALESCE(finished_at, started_at, updated_at) >= ${o.from}
  AND COALESCE(finished_at, started_at, updated_at) < ${o.to}`;
    return this.fetchPage(
      o,
      sql`SELECT COUNT(*) AS n FROM delivery_deployments WHERE ${where}`,
      sql`SELECT * FROM delivery_deployments WHERE ${where}
ORDER BY COALESCE(finished_at, started_at, updated_at) DESC, id DESC LIMIT ${o.limit} OFFSET ${o.offset}`,
      toDeploymentRow,
    );
  }

  /**
   * The successful production deployments (or of `environment`) finished in
   * the window that deployment frequency counts, newest first, each with
   * whether it is rework, whether it failed and how long it took to recover;
   * only the rework ones with `reworkOnly` (the rows behind the rework rate),
   * only the failed ones with `failedOnly` (behind the change failure rate
   * and the recovery time). The same facts as the
   * figures, so the count is the figure's count. A deployment of a monorepo
   * that belongs to several services of a group is listed for each, as the
   * figures count it.
   */
  async countedDeployments(
    o: DrillDownOptions & { reworkOnly?: boolean; failedOnly?: boolean },
  ): Promise<Page<CountedDeploymentRow>> {
    if (!o.scopes.length) return this.empty(o);
    const ctes = factsCtes({ ...o, postgres: this.store.isPostgres });
    const where = join(
      [
        sql`1 = 1`,
        ...(o.reworkOnly ? [sql`r.is_rework = 1`] : []),
        ...(o.failedOnly ? [sql`r.is_failed = 1`] : []),
      ],
      ' AND ',
    );
    return this.fetchPage(
      o,
      sql`${ctes} SELECT COUNT(*) AS n FROM dep_result r WHERE ${where}`,
      sql`${ctes}
SELECT d.*, s.entity_ref AS counted_for, r.is_rework, r.is_failed, r.recovery_ms FROM dep_result r
-- the listed deployments stay the outer loop on SQLite (with a plain join
-- its plan scanned every deployment stored)
CROSS JOIN delivery_deployments d
JOIN scopes s ON s.svc = r.svc
WHERE d.id = r.id AND ${where}
ORDER BY r.finished_at DESC, d.id DESC, s.entity_ref LIMIT ${o.limit} OFFSET ${o.offset}`,
      r => ({
        ...toDeploymentRow(r),
        entityRef: r.counted_for,
        rework: bool(r.is_rework),
        failed: bool(r.is_failed),
        recoverySeconds:
          r.recovery_ms === null || r.recovery_ms === undefined
            ? null
            : Number(r.recovery_ms) / 1000,
      }),
    );
  }

  /** Changes first shipped to production in the window, with their lead time. */
  async changes(o: DrillDownOptions): Promise<Page<ChangeRow>> {
    if (!o.scopes.length) return this.empty(o);
    const ctes = factsCtes({ ...o, postgres: this.store.isPostgres });
    const where = sql`k.deployed_at < ${o.to}`;
    return this.fetchPage(
      o,
      sql`${ctes} SELECT COUNT(*) AS n FROM contained k WHERE ${where}`,
      sql`${ctes}
SELECT c.*, k.deployment_id, k.deployed_at FROM contained k
JOIN delivery_changes c ON c.id = k.change_id
WHERE ${where}
ORDER BY k.deployed_at DESC, c.landed_at DESC, c.id DESC LIMIT ${o.limit} OFFSET ${o.offset}`,
      r => {
        const first = numOrNull(r.first_commit_at);
        const deployed = Number(r.deployed_at);
        const skew = first !== null && first > deployed;
        return {
          id: Number(r.id),
          repository: r.repository,
          changeKey: r.change_key,
          pullRequestNumber: numOrNull(r.pull_request_number),
          headSha: r.head_sha,
          title: r.title,
          firstCommitAt: toIso(first),
          landedAt: toIso(r.landed_at)!,
          mergeMethod: r.merge_method,
          deploymentId: Number(r.deployment_id),
          deployedAt: toIso(deployed)!,
          leadTimeSeconds:
            first === null || skew ? null : (deployed - first) / 1000,
          clockSkew: skew,
        };
      },
    );
  }

  /**
   * Incidents started in the window (`resolved`: only the resolved ones), or
   * (`open`) every unresolved one started before `to`, with the deployment
   * they are attributed to.
   */
  async incidents(o: DrillDownOptions): Promise<Page<IncidentRow>> {
    if (!o.scopes.length) return this.empty(o);
    // an incident of a repository belongs to each of its monorepo entities: list it once
    const ctes = sql`${factsCtes({
      ...o,
      postgres: this.store.isPostgres,
    })}, listed AS (
  SELECT * FROM (
    SELECT a.*, ROW_NUMBER() OVER (PARTITION BY a.incident_id ORDER BY a.svc) AS k
    FROM attributed a WHERE a.started_at < ${o.to}${
      o.incidentState === 'open' ? sql`` : sql` AND a.started_at >= ${o.from}`
    }
  ) x WHERE k = 1
)`;
    return this.fetchPage(
      o,
      sql`${ctes} SELECT COUNT(*) AS n FROM listed`,
      sql`${ctes}
SELECT i.*, a.deployment_id, a.attribution FROM listed a
JOIN delivery_incidents i ON i.id = a.incident_id
ORDER BY a.started_at DESC, i.id DESC LIMIT ${o.limit} OFFSET ${o.offset}`,
      r => ({
        id: Number(r.id),
        source: r.source,
        externalId: r.external_id,
        entityRef: r.entity_ref,
        repository: r.repository,
        title: r.title,
        severity: r.severity,
        startedAt: toIso(r.started_at)!,
        resolvedAt: toIso(r.resolved_at),
        notChangeRelated: bool(r.not_change_related),
        attributedDeploymentId: numOrNull(r.deployment_id),
        attribution: r.attribution,
        url: r.url,
      }),
    );
  }
}
