import { seriesResponse } from '../__testUtils__/responses';
import { HOUR, formatDuration } from './format';
import { leadTimeUnit, toTrendPoints } from './TrendChart';

describe('toTrendPoints', () => {
  it('gives lead times in hours while every week stays under a day, and leaves weeks without a change empty', () => {
    const points = toTrendPoints(seriesResponse.buckets);
    expect(leadTimeUnit(seriesResponse.buckets)).toBe('h');
    expect(points.map(p => p.leadTime)).toEqual([5, 6, 7, 8, null]);
    expect(points[0]).toMatchObject({
      week: '2026-10-21',
      deployments: 12,
      failedDeployments: 0,
    });
  });

  it('switches to days at a day, where the figure cards do', () => {
    const withWeek = (median: number) =>
      seriesResponse.buckets.map((b, i) => ({
        ...b,
        leadTimeMedian: i === 1 ? median : b.leadTimeMedian,
      }));
    expect(leadTimeUnit(withWeek(23 * HOUR))).toBe('h');
    expect(formatDuration(23 * HOUR)).toBe('23 h');

    const buckets = withWeek(30 * HOUR);
    expect(leadTimeUnit(buckets)).toBe('days');
    expect(formatDuration(30 * HOUR)).toBe('1.3 days');
    expect(toTrendPoints(buckets).map(p => p.leadTime)).toEqual([
      0.2,
      1.3,
      0.3,
      0.3,
      null,
    ]);
  });
});
