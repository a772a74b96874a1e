import { IncidentState } from '@internal/plugin-delivery-common';
import { ServiceScope } from '../database/DeliveryStore';
import { Sql, join, raw, sql } from '../database/sql';
import { localDay, offsetSegments } from './timezone';

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
/** The first deployment of a stream takes the changes of this many days before it. */
export const FIRST_DEPLOYMENT_LOOKBACK_MS = 30 * DAY_MS;

/** A service scope with the time zone its deploy days are counted in. */
export interface MetricScope extends ServiceScope {
  /** IANA time zone (entity annotation); the organisation's when absent */
  timezone?: string;
  /** an annotated time zone that is no IANA time zone (reported, not used) */
  invalidTimezone?: string;
}

export interface FactsParams {
  scopes: MetricScope[];
  /** environment override; when absent each scope's production environments */
  environment?: string;
  from: number;
  to: number;
  attributionWindowMs: number;
  /** which incidents `inc` holds; `all` when absent */
  incidentState?: IncidentState;
  /** the organisation's time zone; UTC when absent */
  timezone?: string;
  /** PostgreSQL: table access per scope is written as LATERAL joins */
  postgres?: boolean;
}

const lower = (values: string[]) => [
  ...new Set(values.map(v => v.toLowerCase())),
];

/** The distinct time zones of the scopes, in the order `scopes.tz` indexes them. */
function timezonesOf(p: FactsParams): string[] {
  return [...new Set(p.scopes.map(s => s.timezone ?? p.timezone ?? 'UTC'))];
}

/** A CTE of literal rows that types its columns on both engines even when empty. */
function valuesCte(
  name: string,
  columns: string[],
  rows: Sql[],
  empty: string,
): Sql {
  const head = raw(`${name}(${columns.join(', ')}) AS`);
  if (!rows.length) return sql`${head} (SELECT ${raw(empty)} WHERE 1 = 0)`;
  return sql`${head} (VALUES ${join(rows, ', ')})`;
}

/**
 * The scopes as rows, so that one statement serves any number of services
 * and two entities of one repository (a monorepo) both get its deployments:
 *
 * - `scopes(svc, repository, entity_ref, path, all_workflows, tz)`
 * - `scope_envs(svc, env, is_prod, selected)`: environments in lower case
 *   (names match case-insensitively); the production ones feed incident
 *   attribution, the selected ones the figures.
 * - `scope_workflows(svc, workflow)`
 */
function scopeCtes(p: FactsParams): Sql {
  const zones = timezonesOf(p);
  const n = (v: number | boolean) => raw(String(Number(v)));
  const scopeRows = p.scopes.map(
    (s, i) =>
      sql`(${n(i)}, ${s.repository}, ${s.entityRef}, ${s.path ?? null}, ${n(
        s.workflows.length === 0,
      )}, ${n(zones.indexOf(s.timezone ?? p.timezone ?? 'UTC'))})`,
  );
  const envRows = p.scopes.flatMap((s, i) => {
    const production = lower(s.productionEnvironments);
    const selected = p.environment ? lower([p.environment]) : production;
    return lower([...production, ...selected]).map(
      e =>
        sql`(${n(i)}, ${e}, ${n(production.includes(e))}, ${n(
          selected.includes(e),
        )})`,
    );
  });
  const workflowRows = p.scopes.flatMap((s, i) =>
    s.workflows.map(w => sql`(${n(i)}, ${w})`),
  );
  return join(
    [
      valuesCte(
        'scopes',
        ['svc', 'repository', 'entity_ref', 'path', 'all_workflows', 'tz'],
        scopeRows,
        "0, '', '', '', 1, 0",
      ),
      valuesCte(
        'scope_envs',
        ['svc', 'env', 'is_prod', 'selected'],
        envRows,
        "0, '', 0, 0",
      ),
      valuesCte('scope_workflows', ['svc', 'workflow'], workflowRows, "0, ''"),
    ],
    ',\n',
  );
}

/**
 * Whether deployment `d` is a successful deployment of scope `s` in an
 * environment that `env` accepts (the scope's service and workflows).
 */
function deployedIn(scope: string, env: string, d = 'd'): string {
  return `${d}.repository = ${scope}.repository AND ${env}
    AND ${d}.status = 'success' AND ${d}.finished_at IS NOT NULL
    AND (${d}.service IS NULL OR ${d}.service = ${scope}.entity_ref)
    AND (${scope}.all_workflows = 1 OR EXISTS (SELECT 1 FROM scope_workflows w
      WHERE w.svc = ${scope}.svc AND w.workflow = ${d}.workflow))`;
}

/** `d` is in a production environment of scope `scope`. */
const productionOf = (scope: string) => `LOWER(d.environment) IN (
  SELECT pe.env FROM scope_envs pe WHERE pe.svc = ${scope}.svc AND pe.is_prod = 1)`;

/** A deployment of stream (scope `s`, environment `e`), as `deployedIn`. */
const inStream = (d = 'd') =>
  deployedIn('s', `LOWER(${d}.environment) = e.env`, d);

/**
 * The columns of `delivery_deployments` that the metric CTEs read from `d`:
 * no more, as every row of the streams is copied through several sorts and
 * hash tables (the repository comes from the scope).
 */
const DEPLOYMENT_COLUMNS =
  'd.id, d.sha, d.finished_at, d.is_rollback, d.is_hotfix, d.head_at';

/**
 * The rows of `table` (as `alias`) matching `where`, read for each row
 * before them through an index, never by scanning the table. On PostgreSQL
 * a LATERAL subquery of `columns` (no wider rows are copied): its planner
 * cannot estimate the scope CTEs and would otherwise join whole tables;
 * OFFSET 0 keeps it from flattening the subquery into a plain join. On
 * SQLite a CROSS JOIN, which keeps the rows before it the outer loop: with
 * a plain join its planner scanned every change stored for each read.
 */
function eachRowReads(
  p: FactsParams,
  table: string,
  alias: string,
  columns: string,
  where: string,
): Sql {
  return raw(
    p.postgres
      ? `CROSS JOIN LATERAL (SELECT ${columns} FROM ${table} ${alias} WHERE ${where} OFFSET 0) ${alias}`
      : `CROSS JOIN ${table} ${alias} ON ${where}`,
  );
}

/** The deployment rows `d` matching `where`, as `eachRowReads`. */
const deploymentsWhere = (p: FactsParams, where: string) =>
  eachRowReads(p, 'delivery_deployments', 'd', DEPLOYMENT_COLUMNS, where);

/**
 * `tz_seg(tz, seg_start, seg_end, offset_ms, from_day)`: each time zone's
 * offsets over the window and the calendar day of the window's start in it,
 * so that deploy days are calendar days in the zone, daylight saving time
 * included, identically on both engines.
 */
function timezoneCte(p: FactsParams): Sql {
  // bound, so that the statement's text does not change with the window
  const int = (v: number) => sql`CAST(${Math.trunc(v)} AS BIGINT)`;
  const rows = timezonesOf(p).flatMap((zone, tz) => {
    const fromDay = localDay(zone, p.from);
    return offsetSegments(zone, p.from, p.to).map(
      seg =>
        sql`(${raw(String(tz))}, ${int(seg.start)}, ${int(seg.end)}, ${int(
          seg.offsetMs,
        )}, ${int(fromDay)})`,
    );
  });
  return valuesCte(
    'tz_seg',
    ['tz', 'seg_start', 'seg_end', 'offset_ms', 'from_day'],
    rows,
    '0, 0, 0, 0, 0',
  );
}

/**
 * Incidents `inc` holds: every unresolved one however old (`open`), or
 * (`all`, `resolved`: only the resolved ones) those that may be attributed to
 * a deployment from `from` on: started at most the attribution window before
 * it, or explicitly linked to a deployment or sha, however old. Readers apply
 * the window to what they list (`started_at` in [from, to)).
 */
function incidentFilter(p: FactsParams): Sql {
  const attributable = sql`(i.started_at >= ${
    p.from - p.attributionWindowMs
  } OR i.deployment_external_id IS NOT NULL OR i.root_cause_sha IS NOT NULL)`;
  switch (p.incidentState ?? 'all') {
    case 'open':
      return sql`i.resolved_at IS NULL`;
    case 'resolved':
      return sql`${attributable} AND i.resolved_at IS NOT NULL`;
    default:
      return attributable;
  }
}

/** SQL `least` of two nullable values that ignores NULL on both engines. */
function least(a: string, b: string): Sql {
  return raw(
    `CASE WHEN ${a} IS NULL THEN ${b} WHEN ${b} IS NULL THEN ${a} WHEN ${a} < ${b} THEN ${a} ELSE ${b} END`,
  );
}

/**
 * The common table expressions behind every metric, per docs/dora-metrics.md.
 * Every rule runs per stream: one service (`svc`) in one environment (`env`,
 * lower case); "previous" and "next" deployment always mean within the
 * stream. A deployment row belongs to every scope it matches, so rows are
 * keyed by (svc, id).
 *
 * - `recorded`: per service, the selected environments with a deployment
 *   attempt (any status) before `to`; a service without any has "no data
 *   yet".
 * - `history_from`, `sd`: successful deployments of each stream from the
 *   earliest time an incident of the window can be attributed (at most the
 *   attribution window before `from`), with the landing time of the change
 *   at their sha (`head_at`, kept on the deployment row by the stores).
 * - `carrier`, `hist`, `seq`, `seq2`: the deployments of each stream from
 *   `from` on, after the last deployment before it (found by one index
 *   scan), which carries the highest `head_at` of all deployments before
 *   `from`; in order, with the
 *   highest `head_at` of earlier deployments (`prev_head`), the previous
 *   deployment, and the time of the next deployment of a different sha
 *   (`next_diff_at`). Every rule looks back at most one deployment and the
 *   highest head, so older deployments need no ordering.
 * - `win`: deployments of the selected streams finished in the window, plus
 *   the first one after it (it may repair the window's last deployment).
 * - `adv`, `contained`: the changes each deployment shipped first: landed
 *   after the previous deployments' highest head and at or before its own
 *   head (several merges in one deployment all count); a first deployment
 *   takes the 30 days before it. Only deployments that advance the head ship
 *   changes, so the ranges do not overlap. Monorepo entities keep only
 *   changes that touched their path (or whose paths are unknown).
 * - `flags`, `fixes`: window deployments with `is_fix` (rollback, hotfix flag
 *   or branch, a contained change labelled hotfix) and `is_rework` (a fix, or
 *   a contained change that references an incident open at deploy time).
 * - `inc`, `by_id`, `ev*`, `by_window`, `attr`, `attributed`: incidents of the
 *   services with their attributed production deployment: explicit
 *   deployment id or sha (the first deployment that shipped it), else the
 *   latest production deployment of the service finished within the
 *   attribution window before the start (one ordered pass over deployments
 *   and incidents), never when not change related. Non-production streams
 *   get no attribution.
 * - `fix_named`, `deps`: the window's deployments, `remediated` when a fix
 *   repairs them: the deployment the incident a fix fixes is attributed to
 *   (however old the incident), otherwise the fix's previous deployment in
 *   its stream (each fix row is
 *   read once, as itself and as a mark on its target).
 * - `blamed`, `outcome`, `rec*`, `dep_result`: each window deployment with
 *   `is_failed` (repaired by a fix or blamed for an incident) and
 *   `recovery_ms`: from the earlier of the deployment and its incidents'
 *   first start, until the first deployment of the stream of another sha
 *   after detection (another ordered pass) or the resolution of the last of
 *   its incidents, whichever is first.
 *
 * SQLite expands a CTE anew at every reference and refuses statements that
 * expand to 1000 tables, so each CTE is referenced as few times as possible.
 */
export function factsCtes(p: FactsParams): Sql {
  const lookback = raw(String(FIRST_DEPLOYMENT_LOOKBACK_MS));
  const rootLanded = raw(`CASE WHEN i.root_cause_sha IS NOT NULL THEN (
      SELECT MIN(c.landed_at) FROM delivery_changes c
      WHERE c.repository = s.repository AND c.head_sha = i.root_cause_sha) END AS root_landed`);
  // Incidents that began before the attribution window ahead of `from` are in
  // `inc` only for their explicit link: attributed by time they could only
  // name deployments before the window. The open-incident list keeps all.
  const windowAttributed =
    p.incidentState === 'open'
      ? sql`1 = 1`
      : sql`started_at >= ${p.from - p.attributionWindowMs}`;
  // the changes a deployment shipped first: an index range scan per deployment
  const shipped = `c.repository = a.repository
    AND c.landed_at > a.lower_at AND c.landed_at <= a.head_at`;
  return sql`WITH ${scopeCtes(p)},
${timezoneCte(p)},
inc AS (
  SELECT i.id, i.external_id, i.started_at, i.resolved_at, i.not_change_related,
    i.deployment_external_id, i.root_cause_sha, s.svc, ${rootLanded}
  FROM delivery_incidents i JOIN scopes s ON i.entity_ref = s.entity_ref
  WHERE ${incidentFilter(p)}
  UNION ALL
  SELECT i.id, i.external_id, i.started_at, i.resolved_at, i.not_change_related,
    i.deployment_external_id, i.root_cause_sha, s.svc, ${rootLanded}
  FROM delivery_incidents i JOIN scopes s ON i.entity_ref IS NULL AND i.repository = s.repository
  WHERE ${incidentFilter(p)}
),
recorded AS (
  SELECT e.svc, COUNT(*) AS n FROM scope_envs e JOIN scopes s ON s.svc = e.svc
  WHERE e.selected = 1 AND (SELECT 1 FROM delivery_deployments d
    WHERE d.repository = s.repository AND LOWER(d.environment) = e.env
      AND (d.service IS NULL OR d.service = s.entity_ref)
      AND (s.all_workflows = 1 OR EXISTS (SELECT 1 FROM scope_workflows w
        WHERE w.svc = s.svc AND w.workflow = d.workflow))
      AND COALESCE(d.finished_at, d.started_at, d.updated_at) < ${
        p.to
      } LIMIT 1) = 1
  GROUP BY e.svc
),
history_from AS (
  SELECT CASE WHEN MIN(started_at) < ${Math.trunc(
    p.from,
  )} THEN MIN(started_at) ELSE ${Math.trunc(p.from)} END - ${
    p.attributionWindowMs
  } AS t FROM inc WHERE ${windowAttributed}
),
sd AS MATERIALIZED (
  SELECT d.id, d.sha, d.finished_at, d.is_rollback,
    d.is_hotfix, s.svc, e.env, e.is_prod, e.selected, d.head_at
  FROM scope_envs e JOIN scopes s ON s.svc = e.svc
  ${deploymentsWhere(
    p,
    `${inStream()} AND d.finished_at >= (SELECT t FROM history_from)`,
  )}
),
carrier AS (
  SELECT e.svc, e.env, e.is_prod, e.selected,
    (SELECT d.id FROM delivery_deployments d WHERE ${raw(inStream())}
      AND d.finished_at < ${
        p.from
      } ORDER BY d.finished_at DESC, d.id DESC LIMIT 1) AS id,
    (SELECT d.head_at FROM delivery_deployments d WHERE ${raw(inStream())}
      AND d.finished_at < ${p.from} AND d.head_at IS NOT NULL
      ORDER BY d.head_at DESC LIMIT 1) AS max_head
  FROM scope_envs e JOIN scopes s ON s.svc = e.svc
),
hist AS (
  SELECT * FROM sd WHERE finished_at >= ${p.from}
  UNION ALL
  SELECT d.id, d.sha, d.finished_at, d.is_rollback,
    d.is_hotfix, c.svc, c.env, c.is_prod, c.selected, c.max_head
  FROM carrier c ${deploymentsWhere(p, 'd.id = c.id')}
),
seq AS (
  SELECT hist.*,
    MAX(head_at) OVER (PARTITION BY svc, env ORDER BY finished_at, id
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_head,
    LAG(finished_at) OVER (PARTITION BY svc, env ORDER BY finished_at, id) AS prev_at,
    LAG(id) OVER (PARTITION BY svc, env ORDER BY finished_at, id) AS prev_id,
    CASE WHEN sha = LAG(sha) OVER (PARTITION BY svc, env ORDER BY finished_at, id)
      THEN 0 ELSE 1 END AS new_sha,
    ROW_NUMBER() OVER (PARTITION BY svc, env ORDER BY finished_at, id) AS rn
  FROM hist
),
seq2 AS (
  SELECT seq.*,
    -- read backwards so that the frame only grows (a moving frame start
    -- makes MIN quadratic on PostgreSQL)
    MIN(CASE WHEN new_sha = 1 THEN finished_at END) OVER (PARTITION BY svc, env
      ORDER BY finished_at DESC, id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
      AS next_diff_at
  FROM seq
),
win AS (
  SELECT * FROM seq
  WHERE selected = 1 AND finished_at >= ${p.from}
    AND (finished_at < ${p.to} OR prev_at < ${p.to})
),
adv AS ${raw(p.postgres ? 'MATERIALIZED ' : '')}(
  -- with the scope's path, joined to the deployments rather than to their
  -- many changes (materialized on PostgreSQL, whose planner would otherwise
  -- join the scopes to the changes)
  SELECT w.id, w.svc, w.env, sp.repository, w.finished_at, w.head_at, w.prev_at,
    -- exclusive bound: a first deployment's 30 days include their start
    COALESCE(w.prev_head, w.finished_at - ${lookback} - 1) AS lower_at, sp.path
  FROM win w JOIN scopes sp ON sp.svc = w.svc
  WHERE w.head_at IS NOT NULL AND (w.prev_head IS NULL OR w.head_at > w.prev_head)
),
contained AS (
  SELECT a.id AS deployment_id, a.svc, a.env, a.finished_at AS deployed_at,
    c.id AS change_id, c.first_commit_at, c.merge_method, c.is_hotfix, c.incident_ref,
    CASE WHEN a.prev_at IS NULL THEN 1 ELSE 0 END AS first_dep
  FROM adv a
  ${eachRowReads(
    p,
    'delivery_changes',
    'c',
    'c.id, c.first_commit_at, c.merge_method, c.is_hotfix, c.incident_ref',
    shipped,
  )}
  WHERE (a.path IS NULL
      OR NOT EXISTS (SELECT 1 FROM delivery_change_paths p WHERE p.change_id = c.id)
      OR EXISTS (SELECT 1 FROM delivery_change_paths p WHERE p.change_id = c.id
        AND (p.path = a.path OR SUBSTR(p.path, 1, LENGTH(a.path) + 1) = a.path || '/')))
),
flags AS (
  -- only hotfixes and changes naming an incident mark their deployment
  SELECT k.svc, k.deployment_id, MAX(k.is_hotfix) AS has_hotfix,
    MAX(CASE WHEN k.incident_ref IS NOT NULL AND EXISTS (
      SELECT 1 FROM delivery_incidents oi WHERE oi.external_id = k.incident_ref
        AND oi.started_at <= k.deployed_at
        AND (oi.resolved_at IS NULL OR oi.resolved_at > k.deployed_at)
    ) THEN 1 ELSE 0 END) AS fixes_open_incident
  FROM contained k WHERE k.is_hotfix = 1 OR k.incident_ref IS NOT NULL
  GROUP BY k.svc, k.deployment_id
),
fixes AS (
  SELECT w.id, w.svc, w.env, w.sha, w.finished_at, w.head_at, w.prev_at, w.prev_id,
    CASE WHEN w.is_rollback = 1 OR w.is_hotfix = 1 OR COALESCE(f.has_hotfix, 0) = 1
      THEN 1 ELSE 0 END AS is_fix,
    COALESCE(f.fixes_open_incident, 0) AS fixes_open_incident
  FROM win w LEFT JOIN flags f ON f.svc = w.svc AND f.deployment_id = w.id
),
by_id AS (
  SELECT svc, incident_id, deployment_id FROM (
    SELECT inc.svc, inc.id AS incident_id, d.id AS deployment_id,
      ROW_NUMBER() OVER (PARTITION BY inc.svc, inc.id ORDER BY d.finished_at DESC, d.id DESC) AS rn
    FROM inc JOIN scopes s ON s.svc = inc.svc
    JOIN scope_envs e ON e.svc = inc.svc AND e.is_prod = 1
    ${deploymentsWhere(
      p,
      `d.external_id = inc.deployment_external_id AND ${inStream()}`,
    )}
  ) x WHERE rn = 1
),
ev AS (
  -- only deployments that can precede an incident within the attribution window
  SELECT svc, finished_at AS t, 0 AS kind, id AS dep_id, NULL AS incident_id FROM sd
  WHERE is_prod = 1
    AND finished_at >= (SELECT MIN(started_at) FROM inc WHERE ${windowAttributed})
    - ${p.attributionWindowMs}
  UNION ALL
  SELECT svc, started_at AS t, 1 AS kind, NULL AS dep_id, id AS incident_id FROM inc
  WHERE ${windowAttributed}
),
ev_grouped AS (
  SELECT ev.*, COUNT(dep_id) OVER (PARTITION BY svc ORDER BY t, kind, dep_id
    ROWS UNBOUNDED PRECEDING) AS grp
  FROM ev
),
by_window AS (
  SELECT svc, incident_id, last_dep AS deployment_id FROM (
    SELECT ev_grouped.*,
      MAX(dep_id) OVER (PARTITION BY svc, grp) AS last_dep,
      MAX(CASE WHEN kind = 0 THEN t END) OVER (PARTITION BY svc, grp) AS last_t
    FROM ev_grouped
  ) x
  WHERE kind = 1 AND grp > 0 AND last_t >= t - ${p.attributionWindowMs}
),
attr AS (
  SELECT inc.id AS incident_id, inc.external_id, inc.svc, inc.started_at, inc.resolved_at,
    inc.not_change_related,
    CASE WHEN inc.not_change_related = 1 THEN NULL ELSE COALESCE(
      bi.deployment_id,
      -- a sha names the first production deployment that shipped it: of that
      -- sha, or of a later head that contains it
      (SELECT d.id FROM delivery_deployments d WHERE inc.root_cause_sha IS NOT NULL
        AND ${raw(deployedIn('sa', productionOf('sa')))}
        AND (d.sha = inc.root_cause_sha OR d.head_at >= inc.root_landed)
        ORDER BY d.finished_at, d.id LIMIT 1)
    ) END AS explicit_id,
    CASE WHEN inc.not_change_related = 1 THEN NULL ELSE bw.deployment_id END AS window_id
  FROM inc
  JOIN scopes sa ON sa.svc = inc.svc
  LEFT JOIN by_id bi ON bi.svc = inc.svc AND bi.incident_id = inc.id
  LEFT JOIN by_window bw ON bw.svc = inc.svc AND bw.incident_id = inc.id
),
attributed AS (
  SELECT incident_id, external_id, svc, started_at, resolved_at,
    COALESCE(explicit_id, window_id) AS deployment_id,
    CASE WHEN not_change_related = 1 THEN 'not-change-related'
      WHEN explicit_id IS NOT NULL THEN 'explicit'
      WHEN window_id IS NOT NULL THEN 'time-window'
      ELSE 'none' END AS attribution
  FROM attr
),
fix_named AS (
  SELECT DISTINCT svc, fix_id, target_id FROM (
    SELECT k.svc, k.deployment_id AS fix_id,
      CASE WHEN a.deployment_id IS NOT NULL THEN a.deployment_id
        WHEN i.not_change_related = 1 THEN NULL
        -- an incident older than inc holds (or whose explicit link names no
        -- production deployment): attributed by time here
        ELSE (SELECT d.id FROM delivery_deployments d
          WHERE ${raw(deployedIn('sc', productionOf('sc')))}
          AND d.finished_at <= i.started_at AND d.finished_at >= i.started_at - ${
            p.attributionWindowMs
          }
          ORDER BY d.finished_at DESC, d.id DESC LIMIT 1)
      END AS target_id
    FROM contained k
    JOIN scopes sc ON sc.svc = k.svc
    JOIN delivery_incidents i ON i.external_id = k.incident_ref
      AND (i.entity_ref = sc.entity_ref OR (i.entity_ref IS NULL AND i.repository = sc.repository))
    LEFT JOIN attributed a ON a.svc = k.svc AND a.incident_id = i.id
    WHERE k.incident_ref IS NOT NULL
  ) n
  WHERE target_id IS NOT NULL
),
deps AS (
  SELECT svc, dep_id AS id,
    MAX(CASE WHEN role = 0 THEN env END) AS env,
    MAX(CASE WHEN role = 0 THEN sha END) AS sha,
    MAX(CASE WHEN role = 0 THEN finished_at END) AS finished_at,
    MAX(CASE WHEN role = 0 THEN head_at END) AS head_at,
    MAX(CASE WHEN role = 0 THEN prev_at END) AS prev_at,
    MAX(CASE WHEN role = 0 THEN is_rework END) AS is_rework,
    MAX(role) AS remediated
  FROM (
    SELECT f.svc, f.env, f.sha, f.finished_at, f.head_at, f.prev_at, k.role,
      CASE WHEN f.is_fix = 1 OR f.fixes_open_incident = 1 THEN 1 ELSE 0 END AS is_rework,
      CASE WHEN k.role = 0 THEN f.id ELSE COALESCE(n.target_id, f.prev_id) END AS dep_id
    FROM fixes f
    LEFT JOIN fix_named n ON n.svc = f.svc AND n.fix_id = f.id
    CROSS JOIN (SELECT 0 AS role UNION ALL SELECT 1 AS role) k
    WHERE k.role = 0 OR f.is_fix = 1
  ) m
  WHERE dep_id IS NOT NULL
  GROUP BY svc, dep_id
  HAVING MIN(role) = 0 AND MAX(CASE WHEN role = 0 THEN finished_at END) < ${
    p.to
  }
),
blamed AS (
  SELECT svc, deployment_id, MIN(started_at) AS incident_start,
    CASE WHEN COUNT(*) = COUNT(resolved_at) THEN MAX(resolved_at) END AS incident_resolved
  FROM attributed WHERE deployment_id IS NOT NULL GROUP BY svc, deployment_id
),
outcome AS (
  SELECT d.*, b.incident_resolved,
    CASE WHEN d.remediated = 1 OR b.incident_start IS NOT NULL THEN 1 ELSE 0 END AS is_failed,
    ${least('b.incident_start', 'd.finished_at')} AS fail_start,
    CASE WHEN b.incident_start IS NOT NULL AND b.incident_start > d.finished_at
      THEN b.incident_start ELSE d.finished_at END AS after_at
  FROM deps d LEFT JOIN blamed b ON b.svc = d.svc AND b.deployment_id = d.id
),
rec_stream AS (
  SELECT svc, env, finished_at AS t, 1 AS kind, rn, NULL AS id, NULL AS sha,
    NULL AS finished_at, NULL AS head_at, NULL AS prev_at, NULL AS is_rework, NULL AS is_failed,
    NULL AS fail_start, NULL AS incident_resolved
  FROM seq WHERE selected = 1
  UNION ALL
  SELECT svc, env, after_at, 0, NULL, id, sha, finished_at, head_at, prev_at, is_rework, is_failed,
    fail_start, incident_resolved
  FROM outcome
),
rec_next AS (
  SELECT rec_stream.*, MIN(rn) OVER (PARTITION BY svc, env ORDER BY t DESC, kind
    ROWS UNBOUNDED PRECEDING) AS next_rn
  FROM rec_stream
),
dep_result AS (
  SELECT x.id, x.svc, x.env, x.finished_at, x.head_at, x.prev_at, x.is_rework, x.is_failed,
    CASE WHEN x.is_failed = 1 THEN ${least(
      'CASE WHEN s.sha <> x.sha THEN s.finished_at ELSE s.next_diff_at END',
      'x.incident_resolved',
    )} - x.fail_start END AS recovery_ms
  FROM rec_next x
  LEFT JOIN seq2 s ON s.svc = x.svc AND s.env = x.env AND s.rn = x.next_rn
  WHERE x.kind = 0
)
`;
}

/**
 * Percentiles (p50, p90) of `val` per (metric, svc, bucket) of `values`,
 * which must select the columns metric, svc, bucket, val. PostgreSQL uses
 * percentile_cont; SQLite computes the same linear interpolation with
 * ROW_NUMBER and COUNT.
 */
export function percentiles(isPostgres: boolean, values: Sql): Sql {
  if (isPostgres) {
    // one sort of each group for both percentiles
    return sql`SELECT metric, svc, bucket, n, p[1] AS p50, p[2] AS p90 FROM (
  SELECT metric, svc, bucket, COUNT(*) AS n,
    percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY val) AS p
  FROM (${values}) t GROUP BY metric, svc, bucket
) pct`;
  }
  const pct = (p: string) => {
    const pos = `((n - 1) * ${p})`;
    const lo = `(CAST(${pos} AS INTEGER) + 1)`;
    const hi = `(CAST(${pos} AS INTEGER) + CASE WHEN ${pos} > CAST(${pos} AS INTEGER) THEN 2 ELSE 1 END)`;
    return raw(
      `MAX(CASE WHEN rn = ${lo} THEN val END) + MAX(${pos} - CAST(${pos} AS INTEGER)) * (MAX(CASE WHEN rn = ${hi} THEN val END) - MAX(CASE WHEN rn = ${lo} THEN val END))`,
    );
  };
  return sql`SELECT metric, svc, bucket, MAX(n) AS n, ${pct(
    '0.5',
  )} AS p50, ${pct('0.9')} AS p90
FROM (
  SELECT metric, svc, bucket, val,
    ROW_NUMBER() OVER (PARTITION BY metric, svc, bucket ORDER BY val) AS rn,
    COUNT(*) OVER (PARTITION BY metric, svc, bucket) AS n
  FROM (${values}) t
) x GROUP BY metric, svc, bucket`;
}
