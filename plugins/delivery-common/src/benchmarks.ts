/**
 * DORA performance-level thresholds, one entry per State of DevOps report.
 * A new report is one new entry in {@link DORA_BENCHMARKS}.
 */
export type DoraLevel = 'elite' | 'high' | 'medium' | 'low';

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
  /** lead time median, seconds: elite below, high below, medium below; low otherwise */
  changeLeadTimeSeconds: { elite: number; high: number; medium: number };
  /** change failure rate as a fraction: elite at most, high at most, medium at most; low otherwise */
  changeFailureRate: { elite: number; high: number; medium: number };
  /** recovery median, seconds: elite below, high below, medium below; low otherwise */
  failedDeploymentRecoveryTimeSeconds: {
    elite: number;
    high: number;
    medium: number;
  };
}

const HOUR = 3600;
const DAY = 24 * HOUR;

export const DORA_BENCHMARKS: DoraBenchmark[] = [
  {
    reportYear: 2023,
    source:
      'Accelerate State of DevOps Report 2023, software delivery performance levels',
    deploymentFrequency: {
      eliteMinDeployDaysPerWeek: 5,
      highMinDeployDaysPerWeek: 1,
      mediumMinDeploymentsPerMonth: 1,
    },
    changeLeadTimeSeconds: { elite: DAY, high: 7 * DAY, medium: 30 * DAY },
    changeFailureRate: { elite: 0.05, high: 0.1, medium: 0.15 },
    failedDeploymentRecoveryTimeSeconds: {
      elite: HOUR,
      high: DAY,
      medium: 7 * DAY,
    },
  },
];

/** The newest report year in the data file. */
export const DEFAULT_REPORT_YEAR = Math.max(
  ...DORA_BENCHMARKS.map(b => b.reportYear),
);

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

function below(
  t: { elite: number; high: number; medium: number },
  v: number,
): DoraLevel {
  if (v < t.elite) return 'elite';
  if (v < t.high) return 'high';
  if (v < t.medium) return 'medium';
  return 'low';
}

export function changeLeadTimeLevel(b: DoraBenchmark, medianSeconds: number) {
  return below(b.changeLeadTimeSeconds, medianSeconds);
}

export function recoveryTimeLevel(b: DoraBenchmark, medianSeconds: number) {
  return below(b.failedDeploymentRecoveryTimeSeconds, medianSeconds);
}

export function changeFailureRateLevel(
  b: DoraBenchmark,
  rate: number,
): DoraLevel {
  const t = b.changeFailureRate;
  if (rate <= t.elite) return 'elite';
  if (rate <= t.high) return 'high';
  if (rate <= t.medium) return 'medium';
  return 'low';
}
