/**
 * DORA performance levels, one entry per State of DevOps report.
 * A new report is one new entry in {@link DORA_BENCHMARKS}.
 */
export type DoraLevel = 'elite' | 'high' | 'medium' | 'low';

/** Best first; where a value is as near to two clusters, the better level wins. */
export const DORA_LEVELS: readonly DoraLevel[] = [
  'elite',
  'high',
  'medium',
  'low',
];

/**
 * Ordered bands, given by the bound of each better level: a value better than
 * `elite` is elite, better than `high` high, better than `medium` medium, and
 * low otherwise. Whether "better" means below or at most is the metric's.
 */
export interface LevelBounds {
  elite: number;
  high: number;
  medium: number;
}

/** A level's value in a report: one figure, or a `[from, to)` range. */
export type ClusterValue = number | readonly [number, number];

/**
 * The value the report gives each level, used when the levels are not ordered
 * bands: a value takes the level of the nearest cluster.
 */
export interface LevelClusters {
  clusters: Record<DoraLevel, ClusterValue>;
  /**
   * `difference` for rates (percentage points); `ratio` for durations, which
   * span orders of magnitude (durations under a second count as a second).
   */
  distance: 'difference' | 'ratio';
  /** said beside every level classified this way */
  note: string;
}

export type LevelScale = LevelBounds | LevelClusters;

export interface DoraBenchmark {
  reportYear: number;
  source: string;
  deploymentFrequency: {
    /** elite: median deploy days per week at least this */
    eliteMinDeployDaysPerWeek: number;
    /** high: median deploy days per week at least this */
    highMinDeployDaysPerWeek: number;
    /** medium: deployments per 30 days at least this */
    mediumMinDeploymentsPerMonth: number;
  };
  /** lead time median, seconds; bounds: elite below, high below, medium below */
  changeLeadTimeSeconds: LevelScale;
  /** change failure rate as a fraction; bounds: elite at most, high at most, medium at most */
  changeFailureRate: LevelScale;
  /** recovery median, seconds; bounds: elite below, high below, medium below */
  failedDeploymentRecoveryTimeSeconds: LevelScale;
}

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;

/**
 * Both reports describe deployment frequency and lead time with ordered
 * answer ranges (elite on demand and under a day, high daily to weekly and a
 * day to a week, medium weekly to monthly and a week to a month): the same
 * bands for both years. "On demand" is read as a median of 5 deploy days a week.
 */
const deploymentFrequency = {
  eliteMinDeployDaysPerWeek: 5,
  highMinDeployDaysPerWeek: 1,
  mediumMinDeploymentsPerMonth: 1,
};
const changeLeadTimeSeconds: LevelBounds = {
  elite: DAY,
  high: WEEK,
  medium: MONTH,
};

export const DORA_BENCHMARKS: DoraBenchmark[] = [
  {
    // Report table: elite < 1 day, on demand, 5%, < 1 hour; high 1 day-1 week,
    // daily-weekly, 10%, < 1 day; medium 1 week-1 month, weekly-monthly, 15%,
    // 1 day-1 week; low 1 week-1 month, weekly-monthly, 64%, 1-6 months.
    // Its low cluster overlaps medium on throughput, so low is what is worse
    // than medium; its change failure rates are read as each level's upper
    // bound, and recovery between a week and a month counts as low.
    reportYear: 2023,
    source:
      'Accelerate State of DevOps Report 2023 (DORA), software delivery performance levels',
    deploymentFrequency,
    changeLeadTimeSeconds,
    changeFailureRate: { elite: 0.05, high: 0.1, medium: 0.15 },
    failedDeploymentRecoveryTimeSeconds: {
      elite: HOUR,
      high: DAY,
      medium: WEEK,
    },
  },
  {
    // Report table: elite < 1 day, on demand, 5%, < 1 hour; high 1 day-1 week,
    // daily-weekly, 20%, < 1 day; medium 1 week-1 month, weekly-monthly, 10%,
    // < 1 day; low 1-6 months, monthly to every six months, 40%, 1 week-1 month.
    reportYear: 2024,
    source:
      'Accelerate State of DevOps Report 2024 (DORA), software delivery performance levels',
    deploymentFrequency,
    changeLeadTimeSeconds,
    changeFailureRate: {
      clusters: { elite: 0.05, high: 0.2, medium: 0.1, low: 0.4 },
      distance: 'difference',
      note: 'DORA 2024 gives each level a typical change failure rate, not a threshold, and they are not ordered (elite 5%, high 20%, medium 10%, low 40%): the level is the one whose rate is nearest',
    },
    failedDeploymentRecoveryTimeSeconds: {
      clusters: {
        elite: [0, HOUR],
        high: [HOUR, DAY],
        medium: [HOUR, DAY],
        low: [WEEK, MONTH],
      },
      distance: 'ratio',
      note: 'DORA 2024 gives high and medium the same recovery time (less than a day; elite less than an hour, low a week to a month): the level is the nearest of these clusters, and a recovery under a day shows as high',
    },
  },
];

/** Report years with a benchmark, oldest first. */
export const DORA_REPORT_YEARS = DORA_BENCHMARKS.map(b => b.reportYear).sort(
  (a, b) => a - b,
);

/** The newest report year in the data file. */
export const DEFAULT_REPORT_YEAR = Math.max(...DORA_REPORT_YEARS);

export function getDoraBenchmark(
  reportYear?: number,
): DoraBenchmark | undefined {
  const year = reportYear ?? DEFAULT_REPORT_YEAR;
  return DORA_BENCHMARKS.find(b => b.reportYear === year);
}

export function deploymentFrequencyLevel(
  b: DoraBenchmark,
  medianDeployDaysPerWeek: number,
  deploymentsPerMonth: number,
): DoraLevel {
  const t = b.deploymentFrequency;
  if (medianDeployDaysPerWeek >= t.eliteMinDeployDaysPerWeek) return 'elite';
  if (medianDeployDaysPerWeek >= t.highMinDeployDaysPerWeek) return 'high';
  if (deploymentsPerMonth >= t.mediumMinDeploymentsPerMonth) return 'medium';
  return 'low';
}

function isClusters(scale: LevelScale): scale is LevelClusters {
  return 'clusters' in scale;
}

function distanceTo(
  cluster: ClusterValue,
  value: number,
  distance: LevelClusters['distance'],
): number {
  const [from, to] = typeof cluster === 'number' ? [cluster, cluster] : cluster;
  const inside =
    typeof cluster === 'number' ? value === from : value >= from && value < to;
  if (inside) return 0;
  const target = value < from ? from : to;
  const d =
    distance === 'difference'
      ? Math.abs(value - target)
      : Math.abs(Math.log(Math.max(value, 1) / Math.max(target, 1)));
  // Rounded so that floating point decides no tie (15% is as near 10% as 20%);
  // a range excludes its end: being there is farther than being inside another.
  return Math.max(Math.round(d * 1e9) / 1e9, Number.MIN_VALUE);
}

function nearestCluster(scale: LevelClusters, value: number): DoraLevel {
  let nearest: DoraLevel = DORA_LEVELS[0];
  let shortest = Infinity;
  for (const level of DORA_LEVELS) {
    const d = distanceTo(scale.clusters[level], value, scale.distance);
    if (d < shortest) {
      nearest = level;
      shortest = d;
    }
  }
  return nearest;
}

function classify(
  scale: LevelScale,
  value: number,
  better: (value: number, bound: number) => boolean,
): DoraLevel {
  if (isClusters(scale)) return nearestCluster(scale, value);
  if (better(value, scale.elite)) return 'elite';
  if (better(value, scale.high)) return 'high';
  if (better(value, scale.medium)) return 'medium';
  return 'low';
}

const below = (value: number, bound: number) => value < bound;
const atMost = (value: number, bound: number) => value <= bound;

export function changeLeadTimeLevel(
  b: DoraBenchmark,
  medianSeconds: number,
): DoraLevel {
  return classify(b.changeLeadTimeSeconds, medianSeconds, below);
}

export function recoveryTimeLevel(
  b: DoraBenchmark,
  medianSeconds: number,
): DoraLevel {
  return classify(b.failedDeploymentRecoveryTimeSeconds, medianSeconds, below);
}

export function changeFailureRateLevel(
  b: DoraBenchmark,
  rate: number,
): DoraLevel {
  return classify(b.changeFailureRate, rate, atMost);
}

/** The figures a report gives levels for. */
export type BenchmarkedMetric =
  | 'deploymentFrequency'
  | 'changeLeadTime'
  | 'changeFailureRate'
  | 'failedDeploymentRecoveryTime';

/**
 * What to say beside a level of `metric` under `b`: set when that report gives
 * cluster values rather than thresholds, so the level is the nearest cluster;
 * null when the level comes from thresholds.
 */
export function doraLevelNote(
  b: DoraBenchmark,
  metric: BenchmarkedMetric,
): string | null {
  const scales: Record<BenchmarkedMetric, LevelScale | undefined> = {
    deploymentFrequency: undefined,
    changeLeadTime: b.changeLeadTimeSeconds,
    changeFailureRate: b.changeFailureRate,
    failedDeploymentRecoveryTime: b.failedDeploymentRecoveryTimeSeconds,
  };
  const scale = scales[metric];
  return scale && isClusters(scale) ? scale.note : null;
}
