import {
  ANNOTATION_TIMEZONE,
  BenchmarkedMetric,
  DeliveryFigures,
  DeliveryMetricsResponse,
  DeliverySeriesResponse,
  DoraBenchmark,
  DurationFigure,
  MINIMUM_FREQUENCY_WEEKS,
  RateFigure,
  ServiceDeliveryFigures,
  TeamDeliveryFigures,
  changeFailureRateLevel,
  changeLeadTimeLevel,
  deploymentFrequencyLevel,
  doraLevelNote,
  recoveryTimeLevel,
} from '@internal/plugin-delivery-common';
import { DeliveryStore, toIso } from '../database/DeliveryStore';
import { SharedFigures } from '../database/SharedFigures';
import { DeliveryConfig } from '../service/config';
import {
  DAY_MS,
  FactsParams,
  MetricScope,
  WEEK_MS,
  factsCtes,
  percentiles,
} from './queries';
import {
  FiguresCache,
  FiguresRequest,
  MINUTE_MS,
  defaultWindowEnd,
} from './FiguresCache';
import { PlanOptions, Sql, join, raw, sql } from '../database/sql';
import { percentileCont } from './stats';
import { ScopeBatcher } from './ScopeBatcher';

export interface MetricsOptions {
  scopes: MetricScope[];
  environment?: string;
  from: number;
  to: number;
  benchmark: DoraBenchmark;
  minimumSampleSize: number;
  attributionWindowMs: number;
  /** the organisation's time zone for deploy days; UTC when absent */
  timezone?: string;
}

/** The options of a read of `read`, with the rules the plugin is configured with. */
export function metricsOptions(
  config: Pick<
    DeliveryConfig,
    'minimumSampleSize' | 'attributionWindowMs' | 'timezone'
  >,
  read: Pick<
    MetricsOptions,
    'scopes' | 'environment' | 'from' | 'to' | 'benchmark'
  >,
): MetricsOptions {
  return {
    ...read,
    minimumSampleSize: config.minimumSampleSize,
    attributionWindowMs: config.attributionWindowMs,
    timezone: config.timezone,
  };
}

const num = (v: unknown): number =>
  v === null || v === undefined ? 0 : Number(v);
const numOrNull = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v);
/** milliseconds to seconds, rounded to the millisecond */
const seconds = (ms: number | null) =>
  ms === null ? null : Math.round(ms) / 1000;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

interface Percentile {
  n: number;
  p50: number | null;
  p90: number | null;
}

/** What the metrics statement returns for one service. */
interface ServiceRows {
  counts: Record<string, number>;
  percentiles: Record<string, Percentile>;
  /** deploy days per week index */
  weeks: Map<number, number>;
  openIncidents: string[];
  /** the newest update of a deployment of its repository */
  newest: number | null;
  /** whether an incident names the service (or, without one, its repository) */
  incidentsConfigured: boolean;
}

const COUNTS = [
  'recorded',
  'deployments',
  'linked',
  'rework',
  'first_deployments',
  'failed',
  'unrecovered',
  'skewed',
  'no_first_commit',
  'squashed',
] as const;
type CountName = (typeof COUNTS)[number];

/**
 * Services per metrics statement on PostgreSQL, and statements at a time:
 * one statement runs on one core. SQLite computes any number in one.
 */
const CHUNK_SERVICES = 250;
const PARALLEL_CHUNKS = 2;

/** how long before a whole minute a cache hit has the next minute's figures prefetched */
const PREFETCH_LEAD_MS = 30_000;

/**
 * The options of the next minute's read, when `o` is a default window (it
 * ends at the next whole minute and spans whole days) read at `now` in the
 * last `PREFETCH_LEAD_MS` of the minute: every figure cached for this
 * minute's window is another key from the whole minute on.
 */
function nextDefaultWindow(
  o: MetricsOptions,
  now: number,
): MetricsOptions | undefined {
  const isDefault =
    o.to === defaultWindowEnd(now) && (o.to - o.from) % DAY_MS === 0;
  if (!isDefault || o.to - now > PREFETCH_LEAD_MS) return undefined;
  return { ...o, from: o.from + MINUTE_MS, to: o.to + MINUTE_MS };
}

/**
 * What the metrics statement's rows depend on, and so the cache key of a
 * service's rows: no benchmark.
 */
const rowsRequest = (o: MetricsOptions): FiguresRequest => ({
  scopes: o.scopes,
  environment: o.environment,
  from: o.from,
  to: o.to,
  attributionWindowMs: o.attributionWindowMs,
  timezone: o.timezone,
});

/** The cache key of figures computed with `o`. */
const requestOf = (o: MetricsOptions): FiguresRequest => ({
  ...rowsRequest(o),
  reportYear: o.benchmark.reportYear,
  minimumSampleSize: o.minimumSampleSize,
});

/**
 * Two more rows per service of the metrics statement, for its data quality:
 * `newest`, when deployment events of its repository were last stored (kept
 * with the repository's revision), and
 * `incidents`, 1 when an incident names its entity (or, without an entity,
 * its repository).
 */
const DATA_QUALITY_ROWS = sql`UNION ALL
SELECT 'newest', s.svc, 0, (SELECT r.deployments_updated_at
  FROM delivery_metrics_revisions r WHERE r.revision_key = s.repository),
  NULL, NULL FROM scopes s
UNION ALL
SELECT 'incidents', s.svc, 0, CASE WHEN EXISTS (SELECT 1 FROM delivery_incidents i
    WHERE i.entity_ref = s.entity_ref)
  OR EXISTS (SELECT 1 FROM delivery_incidents i
    WHERE i.entity_ref IS NULL AND i.repository = s.repository)
  THEN 1 ELSE 0 END, NULL, NULL FROM scopes s`;

/**
 * Computes the DORA metrics by SQL aggregation on the database: one statement
 * returns every service's counts, percentiles and deploy days, so a group
 * or the whole organisation costs one round trip, not one per service.
 * Figures are kept in `cache` (none: always computed) until a write changes
 * their repositories.
 */
export class DeliveryMetrics {
  private readonly cache: FiguresCache | undefined;
  private readonly batcher: ScopeBatcher<
    MetricScope,
    MetricsOptions,
    ServiceRows
  >;

  constructor(
    private readonly store: DeliveryStore,
    options: { cache?: boolean; shared?: SharedFigures } = {},
  ) {
    this.cache =
      options.cache === false
        ? undefined
        : new FiguresCache(keys => store.readRevisions(keys), options.shared);
    this.batcher = new ScopeBatcher(
      o => this.computeRows(o),
      o => JSON.stringify(rowsRequest({ ...o, scopes: [] })),
      store.isPostgres ? CHUNK_SERVICES : Infinity,
      PARALLEL_CHUNKS,
    );
  }

  private cached<T>(
    kind: string,
    o: MetricsOptions,
    compute: (o: MetricsOptions) => Promise<T>,
  ): Promise<T> {
    if (!this.cache) return compute(o);
    const next = nextDefaultWindow(o, Date.now());
    return this.cache.get(
      kind,
      requestOf(o),
      () => compute(o),
      next && {
        request: requestOf(next),
        expires: next.to,
        compute: () => compute(next),
      },
    );
  }

  private run(q: Sql, options?: PlanOptions): Promise<any[]> {
    return this.store.runAnalytical(q, options);
  }

  private facts(o: MetricsOptions): FactsParams {
    return { ...rowsRequest(o), postgres: this.store.isPostgres };
  }

  /**
   * Each service's rows: kept per service (a group read after a write
   * recomputes only the services of the repositories written), and those
   * not kept computed together with those of concurrent reads.
   */
  private serviceRows(o: MetricsOptions): Promise<ServiceRows[]> {
    if (!this.cache) return this.batcher.load(o);
    return this.cache.getMany(
      'rows',
      o.scopes.map(scope => rowsRequest({ ...o, scopes: [scope] })),
      missing =>
        this.batcher.load({ ...o, scopes: missing.map(i => o.scopes[i]) }),
    );
  }

  /** The rows of every service of `o`, in one statement. */
  private async computeRows(o: MetricsOptions): Promise<ServiceRows[]> {
    const services: ServiceRows[] = o.scopes.map(() => ({
      counts: {},
      percentiles: {},
      weeks: new Map(),
      openIncidents: [],
      newest: null,
      incidentsConfigured: false,
    }));
    const ctes = factsCtes(this.facts(o));
    const to = o.to;
    // every CTE is referenced once (see factsCtes): counts are aggregated per
    // service in one pass per source, then unpivoted into rows
    const countSources: Array<[string, CountName[], Sql]> = [
      ['recorded', ['recorded'], sql`SELECT svc, n AS recorded FROM recorded`],
      [
        'deployments',
        [
          'deployments',
          'linked',
          'rework',
          'first_deployments',
          'failed',
          'unrecovered',
        ],
        sql`SELECT svc, COUNT(*) AS deployments,
  SUM(CASE WHEN head_at IS NOT NULL THEN 1 ELSE 0 END) AS linked,
  SUM(is_rework) AS rework,
  SUM(CASE WHEN prev_at IS NULL THEN 1 ELSE 0 END) AS first_deployments,
  SUM(is_failed) AS failed,
  SUM(CASE WHEN is_failed = 1 AND recovery_ms IS NULL THEN 1 ELSE 0 END) AS unrecovered
FROM dep_result GROUP BY svc`,
      ],
      [
        'changes',
        ['skewed', 'no_first_commit', 'squashed'],
        sql`SELECT svc,
  SUM(CASE WHEN first_commit_at > deployed_at THEN 1 ELSE 0 END) AS skewed,
  SUM(CASE WHEN first_commit_at IS NULL THEN 1 ELSE 0 END) AS no_first_commit,
  SUM(CASE WHEN merge_method IN ('squash', 'rebase') THEN 1 ELSE 0 END) AS squashed
FROM contained WHERE deployed_at < ${to} GROUP BY svc`,
      ],
    ];
    const countRows = countSources.map(([, names, q]) => {
      const name = raw(
        names.map(n => `SELECT '${n}' AS name`).join(' UNION ALL '),
      );
      const value = raw(
        `CASE k.name ${names
          .map(n => `WHEN '${n}' THEN c.${n}`)
          .join(' ')} END`,
      );
      return sql`UNION ALL SELECT 'count:' || k.name, c.svc, 0, ${value}, NULL, NULL
FROM (${q}) c CROSS JOIN (${name}) k`;
    });
    const values = sql`
SELECT 'lead' AS metric, svc, 0 AS bucket, deployed_at - first_commit_at AS val FROM contained
  WHERE deployed_at < ${to} AND first_commit_at IS NOT NULL AND first_commit_at <= deployed_at
UNION ALL
SELECT 'recovery', svc, 0, recovery_ms FROM dep_result WHERE recovery_ms IS NOT NULL
UNION ALL
SELECT 'restore', svc, 0, resolved_at - started_at FROM inc
  WHERE started_at >= ${o.from} AND started_at < ${to} AND resolved_at IS NOT NULL`;
    const day = raw(String(DAY_MS));
    // One statement, so the common table expressions are planned and
    // evaluated once; open incidents come as rows named after them, ranked
    // by start per service.
    const rows = await this.run(
      sql`${ctes}
SELECT metric, svc, bucket, n, p50, p90 FROM (${percentiles(
        this.store.isPostgres,
        values,
      )}) p
UNION ALL
SELECT 'week', svc, week, COUNT(DISTINCT local_day), NULL, NULL FROM (
  SELECT d.svc, (d.finished_at + z.offset_ms) / ${day} AS local_day,
    ((d.finished_at + z.offset_ms) / ${day} - z.from_day) / 7 AS week
  FROM dep_result d JOIN scopes s ON s.svc = d.svc
  JOIN tz_seg z ON z.tz = s.tz AND d.finished_at >= z.seg_start AND d.finished_at < z.seg_end
) w GROUP BY svc, week
${join(countRows, '\n')}
UNION ALL
SELECT 'open:' || external_id, svc, ROW_NUMBER() OVER (PARTITION BY svc
  ORDER BY started_at, external_id), NULL, NULL, NULL FROM inc
WHERE started_at >= ${o.from} AND started_at < ${to} AND resolved_at IS NULL
${DATA_QUALITY_ROWS}`,
      // planning takes as long as running it for one service: each
      // connection plans the single-service statement once (few shapes)
      { reusePlan: o.scopes.length === 1 },
    );
    const open: Array<{ svc: number; rank: number; id: string }> = [];
    for (const r of rows) {
      const metric = String(r.metric);
      const service = services[Number(r.svc)];
      if (metric === 'newest') service.newest = numOrNull(r.n);
      else if (metric === 'incidents')
        service.incidentsConfigured = Number(r.n) > 0;
      else if (metric.startsWith('count:'))
        service.counts[metric.slice(6)] = Number(r.n);
      else if (metric.startsWith('open:'))
        open.push({
          svc: Number(r.svc),
          rank: Number(r.bucket),
          id: metric.slice(5),
        });
      else if (metric === 'week')
        service.weeks.set(Number(r.bucket), Number(r.n));
      else {
        service.percentiles[metric] = {
          n: Number(r.n),
          p50: numOrNull(r.p50),
          p90: numOrNull(r.p90),
        };
      }
    }
    for (const r of open.sort((a, b) => a.rank - b.rank))
      services[r.svc].openIncidents.push(r.id);
    return services;
  }

  metrics(o: MetricsOptions): Promise<DeliveryMetricsResponse> {
    return this.cached('metrics', o, p => this.computeMetrics(p));
  }

  /**
   * Computes and keeps the figures of `o`, and keeps them in the shared
   * figures (if any) for every backend replica and the next process: see
   * `FiguresCache.share`.
   */
  async share(o: MetricsOptions): Promise<void> {
    await this.cache?.share('metrics', requestOf(o), () =>
      this.computeMetrics(o),
    );
  }

  /**
   * Computes and keeps each service's rows of `o`, without the figures of
   * the services together: a later read of them, or of any of them, then
   * computes only the services written to since.
   */
  async computeServicesAhead(o: MetricsOptions): Promise<void> {
    await this.serviceRows(o);
  }

  /** Weekly buckets from `from` for trend charts, pooled over the scopes. */
  series(o: MetricsOptions): Promise<DeliverySeriesResponse> {
    return this.cached('series', o, p => this.computeSeries(p));
  }

  private async computeMetrics(
    o: MetricsOptions,
  ): Promise<DeliveryMetricsResponse> {
    const environments = o.environment
      ? [o.environment]
      : [...new Set(o.scopes.flatMap(s => s.productionEnvironments))];
    const rows = await this.serviceRows(o);
    const newestOfEach = rows.flatMap(r =>
      r.newest === null ? [] : [r.newest],
    );
    const newest = newestOfEach.length ? Math.max(...newestOfEach) : null;
    const incidentsConfigured = rows.some(r => r.incidentsConfigured);
    const services = rows.map((r, i) => ({
      entityRef: o.scopes[i].entityRef,
      ...serviceFigures(o, r),
    }));
    const figures = figuresOf(
      o,
      services,
      rows.flatMap(r => r.openIncidents),
    );
    const pooled = (name: CountName) => sum(rows.map(r => num(r.counts[name])));
    const counted = services.filter(s => !s.noDataYet).length;
    const {
      entityRef: _ref,
      noDataYet,
      ...figuresOnly
    } = figures as
      | ServiceDeliveryFigures
      | (DeliveryFigures & { entityRef?: string });
    return {
      entityRefs: o.scopes.map(s => s.entityRef),
      environments,
      from: new Date(o.from).toISOString(),
      to: new Date(o.to).toISOString(),
      reportYear: o.benchmark.reportYear,
      minimumSampleSize: o.minimumSampleSize,
      noDataYet,
      aggregation: services.length === 1 ? 'service' : 'median-of-services',
      ...figuresOnly,
      services,
      dataQuality: dataQuality(o, {
        counts: Object.fromEntries(COUNTS.map(c => [c, pooled(c)])) as Record<
          CountName,
          number
        >,
        incidentsConfigured,
        newest,
        noDataYet,
        openIncidents: figures.timeToRestoreService.openIncidents ?? [],
        group:
          services.length > 1
            ? { services: services.length, withData: counted }
            : undefined,
      }),
    };
  }

  private async computeSeries(
    o: MetricsOptions,
  ): Promise<DeliverySeriesResponse> {
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
      raw(`(${col} - ${Math.trunc(o.from)}) / ${WEEK_MS}`);
    const counts = await this.run(sql`${ctes}
SELECT ${wk('finished_at')} AS week, COUNT(*) AS deployments,
  SUM(is_rework) AS rework, SUM(is_failed) AS failed
FROM dep_result
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
SELECT 'lead' AS metric, 0 AS svc, ${wk(
      'deployed_at',
    )} AS bucket, deployed_at - first_commit_at AS val FROM contained
  WHERE deployed_at < ${
    o.to
  } AND first_commit_at IS NOT NULL AND first_commit_at <= deployed_at
UNION ALL
SELECT 'recovery', 0, ${wk('finished_at')}, recovery_ms FROM dep_result
  WHERE recovery_ms IS NOT NULL`;
    const rows = await this.run(
      sql`${ctes} ${percentiles(this.store.isPostgres, values)}`,
    );
    for (const r of rows) {
      const bucket = buckets[Number(r.bucket)];
      if (!bucket) continue;
      if (r.metric === 'lead') {
        bucket.leadTimeMedian = seconds(numOrNull(r.p50));
        bucket.leadTimeSampleSize = Number(r.n);
      } else {
        bucket.recoveryTimeMedian = seconds(numOrNull(r.p50));
        bucket.recoverySampleSize = Number(r.n);
      }
    }
    return { ...base, buckets };
  }
}

/** A figure with a level carries the note on how its report year classifies it. */
function withLevelNote<F extends { level: unknown; levelNote?: string }>(
  b: DoraBenchmark,
  metric: BenchmarkedMetric,
  figure: F,
): F {
  const note = figure.level === null ? null : doraLevelNote(b, metric);
  return note ? { ...figure, levelNote: note } : figure;
}

const windowDays = (o: MetricsOptions) => (o.to - o.from) / DAY_MS;
const fullWeeks = (o: MetricsOptions) => Math.floor(windowDays(o) / 7);

/** One service's figures from its rows of the metrics statement. */
function serviceFigures(o: MetricsOptions, r: ServiceRows): DeliveryFigures {
  const b = o.benchmark;
  const min = o.minimumSampleSize;
  const noDataYet = num(r.counts.recorded) === 0;
  const days = windowDays(o);
  const weeks = fullWeeks(o);
  const deployments = num(r.counts.deployments);
  const perWeekDays = Array.from(
    { length: Math.max(1, weeks) },
    (_, w) => r.weeks.get(w) ?? 0,
  );
  const medianDeployDays = percentileCont(perWeekDays, 0.5) ?? 0;
  const dfEnough = !noDataYet && weeks >= MINIMUM_FREQUENCY_WEEKS;

  const duration = (
    metric: string,
    level?: (median: number) => DurationFigure['level'],
  ): DurationFigure => {
    const p = r.percentiles[metric];
    const n = p?.n ?? 0;
    const median = seconds(p?.p50 ?? null);
    const enough = !noDataYet && n >= min;
    return {
      median,
      p90: seconds(p?.p90 ?? null),
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
    const enough = !noDataYet && deployments >= min;
    return {
      value,
      numerator,
      sampleSize: deployments,
      level: enough && level && value !== null ? level(value) : null,
      notEnoughData: !enough,
    };
  };
  return {
    noDataYet,
    deploymentFrequency: {
      count: deployments,
      perDay: deployments / days,
      perWeek: deployments / (days / 7),
      medianDeployDaysPerWeek: medianDeployDays,
      sampleSize: weeks,
      level: dfEnough
        ? deploymentFrequencyLevel(
            b,
            medianDeployDays,
            (deployments / days) * 30,
          )
        : null,
      notEnoughData: !dfEnough,
    },
    changeLeadTime: withLevelNote(
      b,
      'changeLeadTime',
      duration('lead', m => changeLeadTimeLevel(b, m)),
    ),
    changeFailureRate: withLevelNote(
      b,
      'changeFailureRate',
      rate(num(r.counts.failed), v => changeFailureRateLevel(b, v)),
    ),
    failedDeploymentRecoveryTime: withLevelNote(
      b,
      'failedDeploymentRecoveryTime',
      duration('recovery', m => recoveryTimeLevel(b, m)),
    ),
    deploymentReworkRate: rate(num(r.counts.rework)),
    timeToRestoreService: {
      ...duration('restore'),
      openIncidents: r.openIncidents,
    },
  };
}

const median = (values: number[]) => percentileCont(values, 0.5);

/**
 * The figures of each team of the organisation, from the figures of its
 * services in `organisation` (by index): those its group page computes.
 */
export function teamFigures(
  o: MetricsOptions,
  organisation: DeliveryMetricsResponse,
  teams: Array<{ group: string; services: number[] }>,
): TeamDeliveryFigures[] {
  const services = organisation.services ?? [];
  return teams.map(({ group, services: indices }) => {
    const owned = indices.map(i => services[i]);
    return {
      ...figuresOf(
        o,
        owned,
        owned.flatMap(s => s.timeToRestoreService.openIncidents ?? []),
      ),
      entityRef: group,
      services: owned.length,
    };
  });
}

/** The figures of one service as they are, of several as a group's. */
function figuresOf<F extends DeliveryFigures>(
  o: MetricsOptions,
  services: F[],
  openIncidents: string[],
): F | DeliveryFigures {
  return services.length === 1
    ? services[0]
    : groupFigures(o, services, openIncidents);
}

/**
 * A group's figures: each is the median of the figures of the services with
 * enough data (a team of five weekly deployers is not "elite"), with counts
 * and sample sizes pooled.
 */
function groupFigures(
  o: MetricsOptions,
  services: DeliveryFigures[],
  openIncidents: string[],
): DeliveryFigures {
  const b = o.benchmark;
  const withData = services.filter(s => !s.noDataYet);
  const noDataYet = withData.length === 0;
  const days = windowDays(o);
  /** The figures of the services with enough data for them. */
  const counted = <F extends { notEnoughData: boolean }>(
    pick: (s: DeliveryFigures) => F,
  ) => withData.map(pick).filter(f => !f.notEnoughData);

  const duration = (
    pick: (s: DeliveryFigures) => DurationFigure,
    level?: (median: number) => DurationFigure['level'],
  ): DurationFigure => {
    const figures = counted(pick);
    const m = median(figures.map(f => f.median!));
    return {
      median: m,
      p90: median(figures.map(f => f.p90!)),
      sampleSize: sum(services.map(s => pick(s).sampleSize)),
      level: level && m !== null ? level(m) : null,
      notEnoughData: figures.length === 0,
      servicesCounted: figures.length,
    };
  };
  const rate = (
    pick: (s: DeliveryFigures) => RateFigure,
    level?: (v: number) => RateFigure['level'],
  ): RateFigure => {
    const figures = counted(pick);
    const value = median(figures.map(f => f.value!));
    return {
      value,
      numerator: sum(services.map(s => pick(s).numerator)),
      sampleSize: sum(services.map(s => pick(s).sampleSize)),
      level: level && value !== null ? level(value) : null,
      notEnoughData: figures.length === 0,
      servicesCounted: figures.length,
    };
  };
  const frequencies = counted(s => s.deploymentFrequency);
  const deployments = sum(services.map(s => s.deploymentFrequency.count));
  const deployDays = median(frequencies.map(f => f.medianDeployDaysPerWeek));
  const perMonth = median(frequencies.map(f => f.perDay * 30));
  return {
    noDataYet,
    deploymentFrequency: {
      count: deployments,
      perDay: deployments / days,
      perWeek: deployments / (days / 7),
      medianDeployDaysPerWeek: deployDays ?? 0,
      sampleSize: fullWeeks(o),
      level:
        deployDays !== null && perMonth !== null
          ? deploymentFrequencyLevel(b, deployDays, perMonth)
          : null,
      notEnoughData: frequencies.length === 0,
      servicesCounted: frequencies.length,
    },
    changeLeadTime: withLevelNote(
      b,
      'changeLeadTime',
      duration(
        s => s.changeLeadTime,
        m => changeLeadTimeLevel(b, m),
      ),
    ),
    changeFailureRate: withLevelNote(
      b,
      'changeFailureRate',
      rate(
        s => s.changeFailureRate,
        v => changeFailureRateLevel(b, v),
      ),
    ),
    failedDeploymentRecoveryTime: withLevelNote(
      b,
      'failedDeploymentRecoveryTime',
      duration(
        s => s.failedDeploymentRecoveryTime,
        m => recoveryTimeLevel(b, m),
      ),
    ),
    deploymentReworkRate: rate(s => s.deploymentReworkRate),
    timeToRestoreService: {
      ...duration(s => s.timeToRestoreService),
      openIncidents: [...new Set(openIncidents)],
    },
  };
}

/** `n` followed by the words that agree with it: `one` for 1, `many` otherwise. */
const withCount = (n: number, one: string, many: string) =>
  `${n} ${n === 1 ? one : many}`;

function dataQuality(
  o: MetricsOptions,
  q: {
    counts: Record<CountName, number>;
    incidentsConfigured: boolean;
    newest: number | null;
    noDataYet: boolean;
    openIncidents: string[];
    group?: { services: number; withData: number };
  },
): DeliveryMetricsResponse['dataQuality'] {
  const c = q.counts;
  const warnings: string[] = [];
  if (q.noDataYet)
    warnings.push('no data yet: no deployment has been recorded');
  if (q.group)
    warnings.push(
      `each figure is the median of the figures of the services with enough data; ${q.group.withData} of ${q.group.services} services have deployments recorded`,
    );
  if (fullWeeks(o) < MINIMUM_FREQUENCY_WEEKS)
    warnings.push(
      `deployment frequency needs at least ${MINIMUM_FREQUENCY_WEEKS} full weeks in the window`,
    );
  if (c.squashed)
    warnings.push(
      withCount(
        c.squashed,
        'squash or rebase merge mapped back to its pull request',
        'squash or rebase merges mapped back to their pull requests',
      ),
    );
  if (c.first_deployments)
    warnings.push(
      'the window contains the first deployment of a service: changes of the 30 days before it are used',
    );
  const unlinked = c.deployments - c.linked;
  if (unlinked > 0)
    warnings.push(
      withCount(
        unlinked,
        'deployment has a sha with no known change and ships no changes in lead time',
        'deployments have a sha with no known change and ship no changes in lead time',
      ),
    );
  if (c.skewed)
    warnings.push(
      withCount(
        c.skewed,
        'change has a first commit after its deployment (clock skew) and is excluded from lead time',
        'changes have a first commit after their deployment (clock skew) and are excluded from lead time',
      ),
    );
  if (c.no_first_commit)
    warnings.push(
      withCount(
        c.no_first_commit,
        'change has no known first commit and is excluded from lead time',
        'changes have no known first commit and are excluded from lead time',
      ),
    );
  if (c.unrecovered)
    warnings.push(
      withCount(
        c.unrecovered,
        'failed deployment has not recovered yet',
        'failed deployments have not recovered yet',
      ),
    );
  if (q.openIncidents.length)
    warnings.push(
      `time to restore leaves out ${withCount(
        q.openIncidents.length,
        'open incident',
        'open incidents',
      )}: ${q.openIncidents.slice(0, 20).join(', ')}${
        q.openIncidents.length > 20 ? ', ...' : ''
      }`,
    );
  for (const s of o.scopes.filter(x => x.invalidTimezone !== undefined))
    warnings.push(
      `${s.entityRef}: ${ANNOTATION_TIMEZONE} '${
        s.invalidTimezone
      }' is not an IANA time zone; its deploy days are counted in ${
        o.timezone ?? 'UTC'
      }`,
    );
  if (o.scopes.length && !q.incidentsConfigured)
    warnings.push(
      'no incidents recorded: change failures come from rollbacks and hotfixes only',
    );
  return {
    deployments: c.deployments,
    linkedDeploymentShare: c.deployments ? c.linked / c.deployments : null,
    incidentsConfigured: q.incidentsConfigured,
    squashOrRebaseMerges: c.squashed,
    firstDeployment: c.first_deployments > 0,
    clockSkewChanges: c.skewed,
    unrecoveredFailures: c.unrecovered,
    changesWithoutFirstCommit: c.no_first_commit,
    newestEventAt: toIso(q.newest),
    warnings,
  };
}
