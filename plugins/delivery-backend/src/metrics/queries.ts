import { IncidentState } from '@internal/plugin-delivery-common';
import { ServiceScope } from '../database/DeliveryStore';
import { Sql, inList, join, raw, sql } from './sql';

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
/** The first deployment of a service takes the changes of this many days before it. */
export const FIRST_DEPLOYMENT_LOOKBACK_MS = 30 * DAY_MS;

export interface FactsParams {
  scopes: ServiceScope[];
  /** environment override; when absent each scope's production environments */
  environment?: string;
  from: number;
  to: number;
  attributionWindowMs: number;
  /** which incidents `inc` holds; `all` when absent */
  incidentState?: IncidentState;
}

function deploymentScope(
  s: ServiceScope,
  environment: string | undefined,
  alias: string,
): Sql {
  const envs = environment ? [environment] : s.productionEnvironments;
  const parts = [
    sql`${raw(alias)}.repository = ${s.repository}`,
    sql`${raw(alias)}.environment IN ${inList(envs)}`,
    sql`(${raw(alias)}.service IS NULL OR ${raw(alias)}.service = ${
      s.entityRef
    })`,
  ];
  if (s.workflows.length) {
    parts.push(sql`${raw(alias)}.workflow IN ${inList(s.workflows)}`);
  }
  return sql`(${join(parts, ' AND ')})`;
}

function incidentScope(s: ServiceScope, alias: string): Sql {
  return sql`(${raw(alias)}.entity_ref = ${s.entityRef} OR (${raw(
    alias,
  )}.entity_ref IS NULL AND ${raw(alias)}.repository = ${s.repository}))`;
}

/**
 * Incidents `inc` holds: those started from `from` on (readers apply `to`),
 * only the resolved ones, or every unresolved one however old (served by the
 * `(entity_ref|repository, resolved_at, started_at)` indexes).
 */
function incidentFilter(p: FactsParams): Sql {
  switch (p.incidentState ?? 'all') {
    case 'open':
      return sql`i.resolved_at IS NULL`;
    case 'resolved':
      return sql`i.started_at >= ${p.from} AND i.resolved_at IS NOT NULL`;
    default:
      return sql`i.started_at >= ${p.from}`;
  }
}

/** `CASE WHEN scope0 THEN 0 WHEN scope1 THEN 1 ... END`: which service a row belongs to. */
function serviceIndex(conditions: Sql[]): Sql {
  return sql`CASE ${join(
    conditions.map((c, i) => sql`WHEN ${c} THEN ${raw(String(i))}`),
    ' ',
  )} END`;
}

/**
 * Monorepo entities (`launchpad.dev/delivery-path`) count only changes that
 * touched their path; a change whose paths are unknown is counted. Compared
 * with SUBSTR rather than LIKE, which is case-insensitive on SQLite only.
 */
function pathFilter(scopes: ServiceScope[]): Sql {
  const parts = scopes.flatMap((s, i) => {
    if (!s.path) return [];
    const prefix = `${s.path}/`;
    return [
      sql`(r.svc <> ${raw(String(i))}
      OR NOT EXISTS (SELECT 1 FROM delivery_change_paths p WHERE p.change_id = c.id)
      OR EXISTS (SELECT 1 FROM delivery_change_paths p WHERE p.change_id = c.id
        AND (p.path = ${s.path} OR SUBSTR(p.path, 1, ${raw(
        String(prefix.length),
      )}) = ${prefix})))`,
    ];
  });
  return parts.length
    ? sql`
    AND ${join(parts, ' AND ')}`
    : sql``;
}

/** SQL `least` of two nullable values that ignores NULL on both engines. */
function least(a: string, b: string): Sql {
  return raw(
    `CASE WHEN ${a} IS NULL THEN ${b} WHEN ${b} IS NULL THEN ${a} WHEN ${a} < ${b} THEN ${a} ELSE ${b} END`,
  );
}

/**
 * The common table expressions behind every metric, per DORA.md:
 *
 * - `seq`: successful production deployments of each service, in order, with
 *   the landing time of the change at their sha (`head_at`), the highest
 *   `head_at` of earlier deployments (`prev_head`) and neighbours.
 * - `win`: those finished in the window, plus the first one after it (it may
 *   remediate the window's last deployment).
 * - `adv`, `stream`, `owned`, `contained`: the changes each deployment shipped
 *   first: landed after the previous deployments' highest head and at or
 *   before its own head (several merges in one deployment all count); a first
 *   deployment takes the 30 days before it. Only deployments that advance the
 *   head ship changes, and their ranges do not overlap, so each change is
 *   matched to the next advancing head in one ordered pass (an as-of join)
 *   instead of a range join.
 * - `flags`, `fixes`, `deps`: window deployments with `is_fix` (rollback,
 *   hotfix flag or branch, a contained change labelled hotfix), `is_rework`
 *   (a fix, or a contained change that references an incident open at deploy
 *   time) and whether the next deployment is a fix (rows are contiguous).
 * - `by_id`, `ev*`, `by_window`, `attr`, `attributed`: incidents of the
 *   services with their attributed deployment: explicit deployment id or sha,
 *   else the latest deployment finished within the window before the start
 *   (found in one ordered pass over deployments and incidents), never when
 *   not change related.
 * - `outcome`, `failed`, `rec*`, `recovery`: failed deployments and their
 *   recovery time, until the first successful deployment after both the
 *   detection and the failed deployment itself (another ordered pass), or the
 *   incident's resolution if earlier.
 */
export function factsCtes(p: FactsParams): Sql {
  const depConds = p.scopes.map(s => deploymentScope(s, p.environment, 'd'));
  const incConds = p.scopes.map(s => incidentScope(s, 'i'));
  const lookbackFrom = raw(String(FIRST_DEPLOYMENT_LOOKBACK_MS));
  const repositories = inList([...new Set(p.scopes.map(s => s.repository))]);
  return sql`WITH sd AS MATERIALIZED (
  SELECT d.id, d.repository, d.sha, d.external_id, d.finished_at, d.is_rollback, d.is_hotfix,
    ${serviceIndex(depConds)} AS svc,
    (SELECT MAX(h.landed_at) FROM delivery_changes h
      WHERE h.repository = d.repository AND h.head_sha = d.sha) AS head_at
  FROM delivery_deployments d
  WHERE d.repository IN ${repositories} AND d.status = 'success'
    AND d.finished_at IS NOT NULL AND (${join(depConds, ' OR ')})
),
seq AS (
  SELECT sd.*,
    MAX(head_at) OVER (PARTITION BY svc ORDER BY finished_at, id
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_head,
    LAG(finished_at) OVER (PARTITION BY svc ORDER BY finished_at, id) AS prev_at
  FROM sd
),
win AS (
  SELECT * FROM seq
  WHERE finished_at >= ${p.from} AND (finished_at < ${p.to} OR prev_at < ${
    p.to
  })
),
adv AS (
  SELECT id, svc, repository, finished_at, head_at, prev_at,
    COALESCE(prev_head, finished_at - ${lookbackFrom}) AS lower_at
  FROM win
  WHERE head_at IS NOT NULL AND (prev_head IS NULL OR head_at > prev_head)
),
stream AS (
  SELECT r.svc, c.landed_at AS pos, 0 AS kind, c.id AS change_id,
    c.first_commit_at, c.merge_method, c.is_hotfix, c.incident_ref
  FROM delivery_changes c
  JOIN (SELECT DISTINCT svc, repository FROM adv) r ON r.repository = c.repository
  WHERE c.repository IN ${repositories}${pathFilter(p.scopes)}
    AND c.landed_at > (SELECT MIN(lower_at) FROM adv)
    AND c.landed_at <= (SELECT MAX(head_at) FROM adv)
  UNION ALL
  SELECT svc, head_at AS pos, 1 AS kind, NULL, NULL, NULL, NULL, NULL FROM adv
),
owned AS (
  SELECT stream.*,
    MIN(CASE WHEN kind = 1 THEN pos END) OVER (PARTITION BY svc ORDER BY pos DESC, kind DESC
      ROWS UNBOUNDED PRECEDING) AS owner_head
  FROM stream
),
contained AS (
  SELECT a.id AS deployment_id, a.svc, a.finished_at AS deployed_at,
    o.change_id, o.first_commit_at, o.merge_method, o.is_hotfix, o.incident_ref,
    CASE WHEN a.prev_at IS NULL THEN 1 ELSE 0 END AS first_dep
  FROM owned o JOIN adv a ON a.svc = o.svc AND a.head_at = o.owner_head
  WHERE o.kind = 0 AND o.pos > a.lower_at
),
flags AS (
  SELECT k.deployment_id, MAX(k.is_hotfix) AS has_hotfix,
    MAX(CASE WHEN k.incident_ref IS NOT NULL AND EXISTS (
      SELECT 1 FROM delivery_incidents oi WHERE oi.external_id = k.incident_ref
        AND oi.started_at <= k.deployed_at
        AND (oi.resolved_at IS NULL OR oi.resolved_at > k.deployed_at)
    ) THEN 1 ELSE 0 END) AS fixes_open_incident
  FROM contained k GROUP BY k.deployment_id
),
fixes AS (
  SELECT w.id, w.svc, w.finished_at, w.head_at, w.prev_at,
    CASE WHEN w.is_rollback = 1 OR w.is_hotfix = 1 OR COALESCE(f.has_hotfix, 0) = 1
      THEN 1 ELSE 0 END AS is_fix,
    COALESCE(f.fixes_open_incident, 0) AS fixes_open_incident
  FROM win w LEFT JOIN flags f ON f.deployment_id = w.id
),
deps AS (
  SELECT id, svc, finished_at, head_at, prev_at, is_fix,
    CASE WHEN is_fix = 1 OR fixes_open_incident = 1 THEN 1 ELSE 0 END AS is_rework,
    LEAD(is_fix) OVER (PARTITION BY svc ORDER BY finished_at, id) AS next_is_fix
  FROM fixes
),
inc AS (
  SELECT i.id, i.started_at, i.resolved_at, i.not_change_related,
    i.deployment_external_id, i.root_cause_sha, ${serviceIndex(incConds)} AS svc
  FROM delivery_incidents i
  WHERE ${incidentFilter(p)} AND (${join(incConds, ' OR ')})
),
by_id AS (
  SELECT incident_id, deployment_id FROM (
    SELECT inc.id AS incident_id, s.id AS deployment_id,
      ROW_NUMBER() OVER (PARTITION BY inc.id ORDER BY s.finished_at DESC, s.id DESC) AS rn
    FROM inc JOIN seq s ON s.svc = inc.svc AND s.external_id = inc.deployment_external_id
  ) x WHERE rn = 1
),
ev AS (
  SELECT svc, finished_at AS t, 0 AS kind, id AS dep_id, NULL AS incident_id FROM seq
  UNION ALL
  SELECT svc, started_at AS t, 1 AS kind, NULL AS dep_id, id AS incident_id FROM inc
),
ev_grouped AS (
  SELECT ev.*, COUNT(dep_id) OVER (PARTITION BY svc ORDER BY t, kind, dep_id
    ROWS UNBOUNDED PRECEDING) AS grp
  FROM ev
),
by_window AS (
  SELECT incident_id, last_dep AS deployment_id FROM (
    SELECT ev_grouped.*,
      MAX(dep_id) OVER (PARTITION BY svc, grp) AS last_dep,
      MAX(CASE WHEN kind = 0 THEN t END) OVER (PARTITION BY svc, grp) AS last_t
    FROM ev_grouped
  ) x
  WHERE kind = 1 AND grp > 0 AND last_t >= t - ${p.attributionWindowMs}
),
attr AS (
  SELECT inc.id AS incident_id, inc.svc, inc.started_at, inc.resolved_at, inc.not_change_related,
    CASE WHEN inc.not_change_related = 1 THEN NULL ELSE COALESCE(
      bi.deployment_id,
      (SELECT s.id FROM seq s WHERE s.svc = inc.svc AND inc.root_cause_sha IS NOT NULL
        AND s.sha = inc.root_cause_sha ORDER BY s.finished_at, s.id LIMIT 1),
      (SELECT s.id FROM seq s JOIN delivery_changes c
        ON c.repository = s.repository AND c.head_sha = inc.root_cause_sha
        WHERE s.svc = inc.svc AND inc.root_cause_sha IS NOT NULL AND s.head_at >= c.landed_at
        ORDER BY s.finished_at, s.id LIMIT 1)
    ) END AS explicit_id,
    CASE WHEN inc.not_change_related = 1 THEN NULL ELSE bw.deployment_id END AS window_id
  FROM inc
  LEFT JOIN by_id bi ON bi.incident_id = inc.id
  LEFT JOIN by_window bw ON bw.incident_id = inc.id
),
attributed AS (
  SELECT incident_id, svc, started_at, resolved_at,
    COALESCE(explicit_id, window_id) AS deployment_id,
    CASE WHEN not_change_related = 1 THEN 'not-change-related'
      WHEN explicit_id IS NOT NULL THEN 'explicit'
      WHEN window_id IS NOT NULL THEN 'time-window'
      ELSE 'none' END AS attribution
  FROM attr
),
outcome AS (
  SELECT d.id, d.svc, d.finished_at, d.is_rework, d.head_at, d.prev_at,
    COALESCE(d.next_is_fix, 0) AS remediated,
    a.incident_start, a.incident_resolved
  FROM deps d LEFT JOIN (
    SELECT deployment_id, MIN(started_at) AS incident_start, MIN(resolved_at) AS incident_resolved
    FROM attributed WHERE deployment_id IS NOT NULL GROUP BY deployment_id
  ) a ON a.deployment_id = d.id
  WHERE d.finished_at < ${p.to}
),
failed AS (
  SELECT o.id, o.svc, o.finished_at, o.incident_resolved,
    ${least('o.incident_start', 'o.finished_at')} AS fail_start,
    CASE WHEN o.incident_start IS NOT NULL AND o.incident_start > o.finished_at
      THEN o.incident_start ELSE o.finished_at END AS after_at
  FROM outcome o WHERE o.remediated = 1 OR o.incident_start IS NOT NULL
),
rec_stream AS (
  SELECT svc, finished_at AS t, 1 AS kind, NULL AS failed_id FROM seq
  UNION ALL
  SELECT svc, after_at AS t, 0 AS kind, id AS failed_id FROM failed
),
rec AS (
  SELECT f.*, x.next_ok FROM failed f JOIN (
    SELECT failed_id, MIN(CASE WHEN kind = 1 THEN t END) OVER (
      PARTITION BY svc ORDER BY t DESC, kind ROWS UNBOUNDED PRECEDING) AS next_ok
    FROM rec_stream
  ) x ON x.failed_id = f.id
),
recovery AS (
  SELECT id, svc, finished_at, ${least(
    'next_ok',
    'incident_resolved',
  )} - fail_start AS recovery_ms
  FROM rec
)
`;
}

/**
 * Percentiles (p50, p90) of `val` per (metric, bucket) of `values`, which must
 * select the columns metric, bucket, val. PostgreSQL uses percentile_cont;
 * SQLite computes the same linear interpolation with ROW_NUMBER and COUNT.
 */
export function percentiles(isPostgres: boolean, values: Sql): Sql {
  if (isPostgres) {
    return sql`SELECT metric, bucket, COUNT(*) AS n,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY val) AS p50,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY val) AS p90
FROM (${values}) t GROUP BY metric, bucket`;
  }
  const pct = (p: string) => {
    const pos = `((n - 1) * ${p})`;
    const lo = `(CAST(${pos} AS INTEGER) + 1)`;
    const hi = `(CAST(${pos} AS INTEGER) + CASE WHEN ${pos} > CAST(${pos} AS INTEGER) THEN 2 ELSE 1 END)`;
    return raw(
      `MAX(CASE WHEN rn = ${lo} THEN val END) + MAX(${pos} - CAST(${pos} AS INTEGER)) * (MAX(CASE WHEN rn = ${hi} THEN val END) - MAX(CASE WHEN rn = ${lo} THEN val END))`,
    );
  };
  return sql`SELECT metric, bucket, MAX(n) AS n, ${pct('0.5')} AS p50, ${pct(
    '0.9',
  )} AS p90
FROM (
  SELECT metric, bucket, val,
    ROW_NUMBER() OVER (PARTITION BY metric, bucket ORDER BY val) AS rn,
    COUNT(*) OVER (PARTITION BY metric, bucket) AS n
  FROM (${values}) t
) x GROUP BY metric, bucket`;
}
