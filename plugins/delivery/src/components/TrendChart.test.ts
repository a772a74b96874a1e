import { seriesResponse } from '../__testUtils__/responses';
import { leadTimeUnit, toTrendPoints } from './TrendChart';

const DAY = 86_400;

describe('toTrendPoints', () => {
  it('gives lead times in hours while every week stays under two days, and leaves weeks without a change empty', () => {
    const points = toTrendPoints(seriesResponse.buckets);
    expect(leadTimeUnit(seriesResponse.buckets)).toBe('h');
    expect(points.map(p => p.leadTime)).toEqual([5, 6, 7, 8, null]);
    expect(points[0]).toMatchObject({
      week: '2026-10-21',
      deployments: 12,
      failedDeployments: 0,
    });
  });

  it('switches to days, as the figure cards do, once a week reaches two days', () => {
    const buckets = seriesResponse.buckets.map((b, i) => ({
      ...b,
      leadTimeMedian: i === 1 ? 3 * DAY : b.leadTimeMedian,
    }));
    expect(leadTimeUnit(buckets)).toBe('days');
    expect(toTrendPoints(buckets).map(p => p.leadTime)).toEqual([
      0.2,
      3,
      0.3,
      0.3,
      null,
    ]);
  });
});
