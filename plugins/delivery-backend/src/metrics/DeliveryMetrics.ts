import {
  DeliveryMetricsResponse,
  DeliverySeriesResponse,
  DoraBenchmark,
  DurationFigure,
  RateFigure,
  changeFailureRateLevel,
  changeLeadTimeLevel,
  deploymentFrequencyLevel,
  recoveryTimeLevel,
} from '@internal/plugin-delivery-common';
import { DeliveryStore, ServiceScope, toIso } from '../database/DeliveryStore';
import {
  DAY_MS,
  FactsParams,
  WEEK_MS,
  factsCtes,
  percentiles,
} from './queries';
import { Sql, join, sql } from './sql';
import { percentileCont } from './stats';

export interface MetricsOptions {
  scopes: ServiceScope[];
  environment?: string;
  from: number;
  to: number;
  benchmark: DoraBenchmark;
  minimumSampleSize: number;
  attributionWindowMs: number;
}

const num = (v: unknown): number =>
  v === null || v === undefined ? 0 : Number(v);
const numOrNull = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v);
/** milliseconds to seconds, rounded to the millisecond */
const seconds = (ms: number | null) =>
  ms === null ? null : Math.round(ms) / 1000;

interface PercentileRow {
  metric: string;
  bucket: number;
  n: number;
  p50: number | null;
  p90: number | null;
}

/** Computes the five DORA metrics by SQL aggregation on the database. */
export class DeliveryMetrics {
  constructor(private readonly store: DeliveryStore) {}

  private run(q: Sql): Promise<any[]> {
    return this.store.query(q.text, q.bindings);
  }

  private async percentileRows(
    ctes: Sql,
    values: Sql,
  ): Promise<PercentileRow[]> {
    const rows = await this.run(
      sql`${ctes} ${percentiles(this.store.isPostgres, values)}`,
    );
    return rows.map(r => ({
      metric: String(r.metric),
      bucket: Number(r.bucket),
      n: Number(r.n),
      p50: numOrNull(r.p50),
      p90: numOrNull(r.p90),
    }));
  }

  private facts(o: MetricsOptions): FactsParams {
    return {
      scopes: o.scopes,
      environment: o.environment,
      from: o.from,
      to: o.to,
      attributionWindowMs: o.attributionWindowMs,
    };
  }

  async metrics(o: MetricsOptions): Promise<DeliveryMetricsResponse> {
    const environments = o.environment
      ? [o.environment]
      : [...new Set(o.scopes.flatMap(s => s.productionEnvironments))];
    if (o.scopes.length === 0) {
      return this.assemble(o, environments, undefined, [], [], 0);
    }
    const ctes = factsCtes(this.facts(o));
    const to = o.to;
    const counts: Record<string, Sql> = {
      deployments: sql`SELECT COUNT(*) FROM deps WHERE finished_at < ${to}`,
      linked: sql`SELECT COUNT(*) FROM deps WHERE finished_at < ${to} AND head_at IS NOT NULL`,
      rework: sql`SELECT COUNT(*) FROM deps WHERE finished_at < ${to} AND is_rework = 1`,
      first_deployments: sql`SELECT COUNT(*) FROM deps WHERE finished_at < ${to} AND prev_at IS NULL`,
      failed: sql`SELECT COUNT(*) FROM failed`,
      unrecovered: sql`SELECT COUNT(*) FROM recovery WHERE recovery_ms IS NULL`,
      skewed: sql`SELECT COUNT(*) FROM contained WHERE deployed_at < ${to} AND first_commit_at > deployed_at`,
      no_first_commit: sql`SELECT COUNT(*) FROM contained WHERE deployed_at < ${to} AND first_commit_at IS NULL`,
      squashed: sql`SELECT COUNT(*) FROM contained WHERE deployed_at < ${to} AND merge_method IN ('squash', 'rebase')`,
    };
    const values = sql`
SELECT 'lead' AS metric, 0 AS bucket, deployed_at - first_commit_at AS val FROM contained
  WHERE deployed_at < ${to} AND first_commit_at IS NOT NULL AND first_commit_at <= deployed_at
UNION ALL
SELECT 'recovery' AS metric, 0 AS bucket, recovery_ms AS val FROM recovery WHERE recovery_ms IS NOT NULL
UNION ALL
SELECT 'restore' AS metric, 0 AS bucket, resolved_at - started_at AS val FROM inc
  WHERE started_at < ${to} AND resolved_at IS NOT NULL`;
    const fromLiteral = rawCol(String(Math.trunc(o.from)));
    const week = rawCol(String(WEEK_MS));
    const day = rawCol(String(DAY_MS));
    // One statement, so the common table expressions are evaluated once.
    const rows = await this.run(sql`${ctes}
SELECT metric, bucket, n, p50, p90 FROM (${percentiles(
      this.store.isPostgres,
      values,
    )}) p
UNION ALL
SELECT 'week' AS metric, week AS bucket, days AS n, NULL AS p50, NULL AS p90 FROM (
  SELECT (finished_at - ${fromLiteral}) / ${week} AS week,
    COUNT(DISTINCT finished_at / ${day}) AS days
  FROM deps WHERE finished_at < ${to} GROUP BY 1
) w
${join(
  Object.entries(counts).map(
    ([name, q]) =>
      sql`UNION ALL SELECT ${rawCol(`'count:${name}'`)}, 0, (${q}), NULL, NULL`,
  ),
  '\n',
)}`);
    const countValues: Record<string, number> = {};
    const pct: PercentileRow[] = [];
    const weeks: Array<{ week: number; days: number }> = [];
    for (const r of rows) {
      const metric = String(r.metric);
      if (metric.startsWith('count:'))
        countValues[metric.slice(6)] = Number(r.n);
      else if (metric === 'week')
        weeks.push({ week: Number(r.bucket), days: Number(r.n) });
      else {
        pct.push({
          metric,
          bucket: Number(r.bucket),
          n: Number(r.n),
          p50: numOrNull(r.p50),
          p90: numOrNull(r.p90),
        });
      }
    }
    const scopeIncidents = await this.incidentsConfigured(o.scopes);
    const newest = await this.newestEvent(o);
    return this.assemble(
      o,
      environments,
      { ...countValues, incidents_configured: scopeIncidents, newest },
      pct,
      weeks,
      num(countValues.deployments),
    );
  }

  private async incidentsConfigured(scopes: ServiceScope[]) {
    const q = this.store
      .db('delivery_incidents')
      .first(this.store.db.raw('1 AS one'));
    q.where(b => {
      for (const s of scopes) {
        b.orWhere('entity_ref', s.entityRef).orWhere(w =>
          w.whereNull('entity_ref').andWhere('repository', s.repository),
        );
      }
    });
    return Boolean(await q);
  }

  private async newestEvent(o: MetricsOptions): Promise<number | null> {
    const row = await this.store
      .db('delivery_deployments')
      .max({ newest: 'updated_at' })
      .whereIn(
        'repository',
        o.scopes.map(s => s.repository),
      )
      .first();
    return numOrNull(row?.newest);
  }

  private assemble(
    o: MetricsOptions,
    environments: string[],
    c: Record<string, any> | undefined,
    pct: PercentileRow[],
    weekRows: any[],
    deployments: number,
  ): DeliveryMetricsResponse {
    const b = o.benchmark;
    const min = o.minimumSampleSize;
    const days = (o.to - o.from) / DAY_MS;
    const fullWeeks = Math.max(1, Math.floor(days / 7));
    const perWeekDays = new Array(fullWeeks).fill(0);
    for (const r of weekRows) {
      const w = Number(r.week);
      if (w < fullWeeks) perWeekDays[w] = Number(r.days);
    }
    const medianDeployDays = percentileCont(perWeekDays, 0.5) ?? 0;
    // Frequency is judged from the window's weeks, not from the deployments:
    // a window without deployments is a real observation of a low frequency.
    const dfEnough = days >= 7;

    const duration = (
      metric: string,
      level?: (median: number) => DurationFigure['level'],
    ): DurationFigure => {
      const row = pct.find(p => p.metric === metric);
      const n = row?.n ?? 0;
      const median = seconds(row?.p50 ?? null);
      const enough = n >= min;
      return {
        median,
        p90: seconds(row?.p90 ?? null),
        sampleSize: n,
        level: enough && level && median !== null ? level(median) : null,
        notEnoughData: !enough,
      };
    };
    const rate = (
      numerator: number,
      level?: (v: number) => RateFigure['level'],
    ): RateFigure => {
      const value = deployments ? numerator / deployments : null;
      const enough = deployments >= min;
      return {
        value,
        numerator,
        sampleSize: deployments,
        level: enough && level && value !== null ? level(value) : null,
        notEnoughData: !enough,
      };
    };

    const failed = num(c?.failed);
    const warnings: string[] = [];
    const squashed = num(c?.squashed);
    if (squashed)
      warnings.push(
        `${squashed} squash or rebase merges mapped back to their pull requests`,
      );
    if (num(c?.first_deployments))
      warnings.push(
        'the window contains the first deployment of a service: changes of the 30 days before it are used',
      );
    if (num(c?.skewed))
      warnings.push(
        `${num(
          c?.skewed,
        )} changes have a first commit after their deployment (clock skew) and are excluded from lead time`,
      );
    if (num(c?.no_first_commit))
      warnings.push(
        `${num(
          c?.no_first_commit,
        )} changes have no known first commit and are excluded from lead time`,
      );
    if (num(c?.unrecovered))
      warnings.push(
        `${num(c?.unrecovered)} failed deployments have not recovered yet`,
      );
    if (c && !c.incidents_configured)
      warnings.push(
        'no incidents recorded: change failures come from rollbacks and hotfixes only',
      );

    return {
      entityRefs: o.scopes.map(s => s.entityRef),
      environments,
      from: new Date(o.from).toISOString(),
      to: new Date(o.to).toISOString(),
      reportYear: b.reportYear,
      minimumSampleSize: min,
      deploymentFrequency: {
        count: deployments,
        perDay: deployments / days,
        perWeek: deployments / (days / 7),
        medianDeployDaysPerWeek: medianDeployDays,
        sampleSize: days >= 7 ? fullWeeks : 0,
        level: dfEnough
          ? deploymentFrequencyLevel(
              b,
              medianDeployDays,
              (deployments / days) * 30,
            )
          : null,
        notEnoughData: !dfEnough,
      },
      changeLeadTime: duration('lead', m => changeLeadTimeLevel(b, m)),
      changeFailureRate: rate(failed, v => changeFailureRateLevel(b, v)),
      failedDeploymentRecoveryTime: duration('recovery', m =>
        recoveryTimeLevel(b, m),
      ),
      deploymentReworkRate: rate(num(c?.rework)),
      timeToRestoreService: duration('restore'),
      dataQuality: {
        deployments,
        linkedDeploymentShare: deployments
          ? num(c?.linked) / deployments
          : null,
        incidentsConfigured: Boolean(c?.incidents_configured),
        squashOrRebaseMerges: squashed,
        firstDeployment: num(c?.first_deployments) > 0,
        clockSkewChanges: num(c?.skewed),
        unrecoveredFailures: num(c?.unrecovered),
        changesWithoutFirstCommit: num(c?.no_first_commit),
        newestEventAt: toIso(c?.newest ?? null),
        warnings,
      },
    };
  }

  /** Weekly buckets from `from` for trend charts. */
  async series(o: MetricsOptions): Promise<DeliverySeriesResponse> {
    const environments = o.environment
      ? [o.environment]
      : [...new Set(o.scopes.flatMap(s => s.productionEnvironments))];
    const bucketCount = Math.ceil((o.to - o.from) / WEEK_MS);
    const buckets = Array.from({ length: bucketCount }, (_, i) => ({
      from: new Date(o.from + i * WEEK_MS).toISOString(),
      to: new Date(Math.min(o.to, o.from + (i + 1) * WEEK_MS)).toISOString(),
      deployments: 0,
      failedDeployments: 0,
      reworkDeployments: 0,
      changeFailureRate: null as number | null,
      leadTimeMedian: null as number | null,
      leadTimeSampleSize: 0,
      recoveryTimeMedian: null as number | null,
      recoverySampleSize: 0,
    }));
    const base = {
      entityRefs: o.scopes.map(s => s.entityRef),
      environments,
      from: new Date(o.from).toISOString(),
      to: new Date(o.to).toISOString(),
    };
    if (!o.scopes.length) return { ...base, buckets };
    const ctes = factsCtes(this.facts(o));
    const wk = (col: string) =>
      sql`(${rawCol(col)} - ${rawCol(String(Math.trunc(o.from)))}) / ${rawCol(
        String(WEEK_MS),
      )}`;
    const counts = await this.run(sql`${ctes}
SELECT ${wk('o.finished_at')} AS week, COUNT(*) AS deployments,
  SUM(o.is_rework) AS rework,
  SUM(CASE WHEN f.id IS NOT NULL THEN 1 ELSE 0 END) AS failed
FROM outcome o LEFT JOIN failed f ON f.id = o.id
GROUP BY 1`);
    for (const r of counts) {
      const bucket = buckets[Number(r.week)];
      if (!bucket) continue;
      bucket.deployments = num(r.deployments);
      bucket.reworkDeployments = num(r.rework);
      bucket.failedDeployments = num(r.failed);
      bucket.changeFailureRate = bucket.deployments
        ? bucket.failedDeployments / bucket.deployments
        : null;
    }
    const values = sql`
SELECT 'lead' AS metric, ${wk(
      'deployed_at',
    )} AS bucket, deployed_at - first_commit_at AS val FROM contained
  WHERE deployed_at < ${
    o.to
  } AND first_commit_at IS NOT NULL AND first_commit_at <= deployed_at
UNION ALL
SELECT 'recovery' AS metric, ${wk(
      'finished_at',
    )} AS bucket, recovery_ms AS val FROM recovery
  WHERE recovery_ms IS NOT NULL`;
    for (const r of await this.percentileRows(ctes, values)) {
      const bucket = buckets[r.bucket];
      if (!bucket) continue;
      if (r.metric === 'lead') {
        bucket.leadTimeMedian = seconds(r.p50);
        bucket.leadTimeSampleSize = r.n;
      } else {
        bucket.recoveryTimeMedian = seconds(r.p50);
        bucket.recoverySampleSize = r.n;
      }
    }
    return { ...base, buckets };
  }
}

function rawCol(col: string): Sql {
  return new Sql(col, []);
}
