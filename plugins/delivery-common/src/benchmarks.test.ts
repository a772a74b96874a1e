import {
  DEFAULT_REPORT_YEAR,
  DORA_REPORT_YEARS,
  changeFailureRateLevel,
  changeLeadTimeLevel,
  deploymentFrequencyLevel,
  doraLevelNote,
  getDoraBenchmark,
  recoveryTimeLevel,
} from './benchmarks';

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;

describe('DORA benchmarks', () => {
  it('offers 2023 and 2024 and defaults to the newest', () => {
    expect(DORA_REPORT_YEARS).toEqual([2023, 2024]);
    expect(DEFAULT_REPORT_YEAR).toBe(2024);
    expect(getDoraBenchmark()!.reportYear).toBe(2024);
    expect(getDoraBenchmark(2023)!.reportYear).toBe(2023);
    expect(getDoraBenchmark(1999)).toBeUndefined();
  });

  describe.each(DORA_REPORT_YEARS)('throughput in %p', year => {
    const b = getDoraBenchmark(year)!;

    it('classifies deployment frequency by deploy days per week, then per month', () => {
      expect(deploymentFrequencyLevel(b, 5, 40)).toBe('elite');
      expect(deploymentFrequencyLevel(b, 4.5, 40)).toBe('high');
      expect(deploymentFrequencyLevel(b, 1, 4)).toBe('high');
      expect(deploymentFrequencyLevel(b, 0.5, 1)).toBe('medium');
      expect(deploymentFrequencyLevel(b, 0, 0.9)).toBe('low');
    });

    it('uses lower bounds for lead time, without a note', () => {
      expect(changeLeadTimeLevel(b, DAY - 1)).toBe('elite');
      expect(changeLeadTimeLevel(b, DAY)).toBe('high');
      expect(changeLeadTimeLevel(b, WEEK)).toBe('medium');
      expect(changeLeadTimeLevel(b, MONTH)).toBe('low');
      expect(doraLevelNote(b, 'changeLeadTime')).toBeNull();
      expect(doraLevelNote(b, 'deploymentFrequency')).toBeNull();
    });
  });

  describe('2023: thresholds', () => {
    const b = getDoraBenchmark(2023)!;

    it('uses lower bounds for recovery time', () => {
      expect(recoveryTimeLevel(b, HOUR - 1)).toBe('elite');
      expect(recoveryTimeLevel(b, HOUR)).toBe('high');
      expect(recoveryTimeLevel(b, DAY)).toBe('medium');
      expect(recoveryTimeLevel(b, WEEK)).toBe('low');
    });

    it('includes the threshold itself for the change failure rate', () => {
      expect(changeFailureRateLevel(b, 0.05)).toBe('elite');
      expect(changeFailureRateLevel(b, 0.1)).toBe('high');
      expect(changeFailureRateLevel(b, 0.15)).toBe('medium');
      expect(changeFailureRateLevel(b, 0.151)).toBe('low');
    });

    it('says nothing beside its levels', () => {
      expect(doraLevelNote(b, 'changeFailureRate')).toBeNull();
      expect(doraLevelNote(b, 'failedDeploymentRecoveryTime')).toBeNull();
    });
  });

  describe('2024: nearest cluster', () => {
    const b = getDoraBenchmark(2024)!;

    it('gives the change failure rate the level of the nearest cluster, unordered as they are', () => {
      expect(changeFailureRateLevel(b, 0)).toBe('elite');
      expect(changeFailureRateLevel(b, 0.05)).toBe('elite');
      expect(changeFailureRateLevel(b, 0.074)).toBe('elite');
      expect(changeFailureRateLevel(b, 0.08)).toBe('medium');
      expect(changeFailureRateLevel(b, 0.14)).toBe('medium');
      // a worse rate than medium's 10% is nearer high's 20%
      expect(changeFailureRateLevel(b, 0.16)).toBe('high');
      expect(changeFailureRateLevel(b, 0.29)).toBe('high');
      expect(changeFailureRateLevel(b, 0.31)).toBe('low');
      expect(changeFailureRateLevel(b, 1)).toBe('low');
    });

    it('breaks a tie towards the better level', () => {
      expect(changeFailureRateLevel(b, 0.075)).toBe('elite');
      expect(changeFailureRateLevel(b, 0.15)).toBe('high');
    });

    it('gives recovery the nearest range, high for the range high and medium share', () => {
      expect(recoveryTimeLevel(b, 0)).toBe('elite');
      expect(recoveryTimeLevel(b, HOUR - 1)).toBe('elite');
      expect(recoveryTimeLevel(b, HOUR)).toBe('high');
      expect(recoveryTimeLevel(b, DAY - 1)).toBe('high');
      // between a day and a week: the nearer end by ratio (about 2.6 days)
      expect(recoveryTimeLevel(b, 2 * DAY)).toBe('high');
      expect(recoveryTimeLevel(b, 3 * DAY)).toBe('low');
      expect(recoveryTimeLevel(b, WEEK)).toBe('low');
      expect(recoveryTimeLevel(b, 6 * MONTH)).toBe('low');
    });

    it('says beside those levels that they come from the nearest cluster', () => {
      expect(doraLevelNote(b, 'changeFailureRate')).toMatch(
        /not ordered \(elite 5%, high 20%, medium 10%, low 40%\).*nearest/,
      );
      expect(doraLevelNote(b, 'failedDeploymentRecoveryTime')).toMatch(
        /high and medium the same recovery time.*nearest/,
      );
    });
  });
});
