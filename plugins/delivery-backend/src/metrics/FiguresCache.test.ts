import { getDoraBenchmark } from '@internal/plugin-delivery-common';
import {
  createTestDatabases,
  createTestStore,
} from '../__testUtils__/databases';
import { HOUR, SCOPE, T0, fixtures, sha } from '../__testUtils__/fixtures';
import { DeliveryStore } from '../database/DeliveryStore';
import { DeliveryMetrics, MetricsOptions } from './DeliveryMetrics';
import { defaultWindowEnd } from './FiguresCache';

jest.setTimeout(60_000);

const OPTIONS: MetricsOptions = {
  scopes: [SCOPE],
  from: T0,
  to: T0 + 28 * 24 * HOUR,
  benchmark: getDoraBenchmark()!,
  minimumSampleSize: 1,
  attributionWindowMs: 24 * HOUR,
};

/** A successful production deployment written straight into the table, as no store write path would. */
async function insertBehindTheStore(store: DeliveryStore, id: string) {
  await store.db('delivery_deployments').insert({
    source: 'test',
    external_id: id,
    repository: SCOPE.repository,
    service: null,
    environment: 'production',
    sha: sha(id),
    ref: null,
    status: 'success',
    status_history: '[]',
    started_at: T0 + 2 * HOUR,
    finished_at: T0 + 3 * HOUR,
    workflow: null,
    is_rollback: 0,
    is_hotfix: 0,
    url: null,
    updated_at: T0,
  });
}

describe('cached figures', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'are served again until a write through the store changes their repository or any incident, on every replica, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      // two backend replicas over one database
      const replicas = [new DeliveryMetrics(store), new DeliveryMetrics(store)];
      const counts = () =>
        Promise.all(
          replicas.map(async r => ({
            deployments: (await r.metrics(OPTIONS)).deploymentFrequency.count,
            restores: (await r.metrics(OPTIONS)).timeToRestoreService
              .sampleSize,
          })),
        );

      await f.deploy('d1', { sha: 'a', at: 1 });
      expect(await counts()).toEqual([
        { deployments: 1, restores: 0 },
        { deployments: 1, restores: 0 },
      ]);

      // a row no write path stored raises no revision: the cache answers
      await insertBehindTheStore(store, 'behind');
      expect(await counts()).toEqual([
        { deployments: 1, restores: 0 },
        { deployments: 1, restores: 0 },
      ]);
      // computed afresh, the figures count it
      const fresh = new DeliveryMetrics(store, { cache: false });
      expect((await fresh.metrics(OPTIONS)).deploymentFrequency.count).toBe(2);

      // a deployment of another repository changes nothing here
      await fixtures(store, {
        ...SCOPE,
        entityRef: 'component:default/other',
        repository: 'acme/other',
      }).deploy('o1', { sha: 'o', at: 4 });
      expect(await counts()).toEqual([
        { deployments: 1, restores: 0 },
        { deployments: 1, restores: 0 },
      ]);

      // a write of the repository through the store: every replica recomputes
      await f.deploy('d2', { sha: 'b', at: 5 });
      expect(await counts()).toEqual([
        { deployments: 3, restores: 0 },
        { deployments: 3, restores: 0 },
      ]);

      // so does an incident, whoever owns it
      await f.incident('i1', { start: 6, resolve: 7 });
      expect(await counts()).toEqual([
        { deployments: 3, restores: 1 },
        { deployments: 3, restores: 1 },
      ]);

      // and a change
      await f.pr(1, { firstCommit: 7, merged: 8, sha: 'c' });
      await f.deploy('d3', { sha: 'c', at: 9 });
      const lead = await replicas[0].metrics(OPTIONS);
      expect(lead.changeLeadTime.sampleSize).toBe(1);
      expect(lead).toEqual(await fresh.metrics(OPTIONS));
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'are kept per window, environment, report year and time zone, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      // two deployments a week, on one calendar day in UTC and two in Auckland
      for (const week of [0, 1, 2, 3]) {
        await f.deploy(`w${week}a`, { sha: `a${week}`, at: week * 168 + 5 });
        await f.deploy(`w${week}b`, { sha: `b${week}`, at: week * 168 + 15 });
      }
      await f.deploy('s1', { sha: 'b0', at: 31, environment: 'staging' });
      const cached = new DeliveryMetrics(store);
      const fresh = new DeliveryMetrics(store, { cache: false });
      const variants: MetricsOptions[] = [
        OPTIONS,
        { ...OPTIONS, from: T0 + 24 * HOUR },
        { ...OPTIONS, environment: 'staging' },
        { ...OPTIONS, benchmark: getDoraBenchmark(2023)! },
        { ...OPTIONS, timezone: 'Pacific/Auckland' },
      ];
      const figures = await Promise.all(variants.map(o => fresh.metrics(o)));
      // every variant has figures of its own
      expect(new Set(figures.map(m => JSON.stringify(m))).size).toBe(
        variants.length,
      );
      for (const o of [...variants, ...variants]) {
        expect(await cached.metrics(o)).toEqual(await fresh.metrics(o));
        expect(await cached.series(o)).toEqual(await fresh.series(o));
      }
      await store.db.destroy();
    },
  );
});

describe('defaultWindowEnd', () => {
  it('is the next whole minute, never before now', () => {
    const minute = Date.parse('2026-01-05T10:15:00Z');
    expect(defaultWindowEnd(minute)).toBe(minute);
    expect(defaultWindowEnd(minute + 1)).toBe(minute + 60_000);
    expect(defaultWindowEnd(minute + 59_999)).toBe(minute + 60_000);
  });
});
