import {
  DEFAULT_REPORT_YEAR,
  changeFailureRateLevel,
  changeLeadTimeLevel,
  deploymentFrequencyLevel,
  getDoraBenchmark,
  recoveryTimeLevel,
} from './benchmarks';

const HOUR = 3600;
const DAY = 24 * HOUR;

describe('DORA benchmarks', () => {
  const b = getDoraBenchmark()!;

  it('defaults to the newest report year', () => {
    expect(b.reportYear).toBe(DEFAULT_REPORT_YEAR);
    expect(getDoraBenchmark(1999)).toBeUndefined();
  });

  it('classifies deployment frequency by deploy days per week, then per month', () => {
    expect(deploymentFrequencyLevel(b, 5, 40)).toBe('elite');
    expect(deploymentFrequencyLevel(b, 4.5, 40)).toBe('high');
    expect(deploymentFrequencyLevel(b, 1, 4)).toBe('high');
    expect(deploymentFrequencyLevel(b, 0.5, 1)).toBe('medium');
    expect(deploymentFrequencyLevel(b, 0, 0.9)).toBe('low');
  });

  it('uses lower bounds for lead time and recovery time', () => {
    expect(changeLeadTimeLevel(b, DAY - 1)).toBe('elite');
    expect(changeLeadTimeLevel(b, DAY)).toBe('high');
    expect(changeLeadTimeLevel(b, 7 * DAY)).toBe('medium');
    expect(changeLeadTimeLevel(b, 30 * DAY)).toBe('low');
    expect(recoveryTimeLevel(b, HOUR - 1)).toBe('elite');
    expect(recoveryTimeLevel(b, HOUR)).toBe('high');
    expect(recoveryTimeLevel(b, DAY)).toBe('medium');
    expect(recoveryTimeLevel(b, 7 * DAY)).toBe('low');
  });

  it('includes the threshold itself for the change failure rate', () => {
    expect(changeFailureRateLevel(b, 0.05)).toBe('elite');
    expect(changeFailureRateLevel(b, 0.1)).toBe('high');
    expect(changeFailureRateLevel(b, 0.15)).toBe('medium');
    expect(changeFailureRateLevel(b, 0.151)).toBe('low');
  });
});
