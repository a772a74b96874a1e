import { getDoraBenchmark } from '@internal/plugin-delivery-common';
import {
  createTestDatabases,
  createTestStore,
} from '../__testUtils__/databases';
import { HOUR, SCOPE, T0, fixtures } from '../__testUtils__/fixtures';
import { DeliveryMetrics } from './DeliveryMetrics';

jest.setTimeout(60_000);

describe('weekly series', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'puts deployments, failures and lead times into weekly buckets, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.deploy('d0', { sha: 'z0', at: -10 });
      // week 0: two deployments, the first rolled back by the second
      await f.pr(1, { firstCommit: 0, merged: 1, sha: 'z1' });
      await f.deploy('d1', { sha: 'z1', at: 2 });
      await f.deploy('d2', { sha: 'z0', at: 3, rollback: true });
      // week 2: one deployment, lead time 4h
      await f.pr(2, { firstCommit: 14 * 24, merged: 14 * 24 + 1, sha: 'z2' });
      await f.deploy('d3', { sha: 'z2', at: 14 * 24 + 4 });

      const s = await new DeliveryMetrics(store).series({
        scopes: [SCOPE],
        from: T0,
        to: T0 + 21 * 24 * HOUR,
        benchmark: getDoraBenchmark()!,
        minimumSampleSize: 1,
        attributionWindowMs: 24 * HOUR,
      });
      expect(s.buckets).toHaveLength(3);
      expect(s.buckets.map(b => b.deployments)).toEqual([2, 0, 1]);
      expect(s.buckets.map(b => b.failedDeployments)).toEqual([1, 0, 0]);
      expect(s.buckets.map(b => b.reworkDeployments)).toEqual([1, 0, 0]);
      expect(s.buckets[0].changeFailureRate).toBe(0.5);
      expect(s.buckets[1].changeFailureRate).toBeNull();
      expect(s.buckets[0].leadTimeMedian).toBe(2 * 3600);
      expect(s.buckets[2].leadTimeMedian).toBe(4 * 3600);
      expect(s.buckets[0].recoveryTimeMedian).toBe(3600);
      await store.db.destroy();
    },
  );
});
