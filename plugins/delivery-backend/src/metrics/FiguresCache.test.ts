import { getDoraBenchmark } from '@internal/plugin-delivery-common';
import {
  createTestDatabases,
  createTestStore,
  TestStore,
} from '../__testUtils__/databases';
import { DAY, HOUR, SCOPE, T0, fixtures, sha } from '../__testUtils__/fixtures';
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
async function insertBehindTheStore(
  store: TestStore,
  id: string,
  repository = SCOPE.repository,
) {
  await store.db('delivery_deployments').insert({
    source: 'test',
    external_id: id,
    repository,
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

/** Counts the statements `store` runs from now on: metrics, and reads of revisions. */
function countStatements(store: TestStore) {
  const seen: string[] = [];
  store.db.on('query', (q: { sql: string }) => seen.push(q.sql));
  return {
    metrics: () => seen.filter(s => s.startsWith('WITH scopes')).length,
    revisionReads: () =>
      seen.filter(s => /^select .*delivery_metrics_revisions/i.test(s)).length,
  };
}

async function waitUntil(condition: () => boolean) {
  for (let i = 0; i < 500 && !condition(); i++)
    await new Promise(resolve => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

const OTHER = {
  ...SCOPE,
  entityRef: 'component:default/other',
  repository: 'acme/other',
};

describe('cached figures of groups', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'keep each service apart: after a write, only the services of the written repositories are computed again, %p',
    async id => {
      const store = await createTestStore(databases, id);
      await fixtures(store).deploy('s1', { sha: 'a', at: 1 });
      await fixtures(store, OTHER).deploy('o1', { sha: 'b', at: 2 });
      const group = { ...OPTIONS, scopes: [SCOPE, OTHER] };
      const cached = new DeliveryMetrics(store);
      const counts = async () =>
        (await cached.metrics(group)).services!.map(
          s => s.deploymentFrequency.count,
        );
      expect(await counts()).toEqual([1, 1]);

      // unseen by the cache: a row behind the store in each repository
      await insertBehindTheStore(store, 's-behind', SCOPE.repository);
      await insertBehindTheStore(store, 'o-behind', OTHER.repository);
      // a write through the store to the other service's repository
      await fixtures(store, OTHER).deploy('o2', { sha: 'c', at: 5 });
      // the other service is computed again (its rows behind the store
      // included); the first keeps its figures, which a group statement
      // over both would have changed
      expect(await counts()).toEqual([1, 3]);
      // a single-service read shares the kept figures
      const alone = await cached.metrics({ ...OPTIONS, scopes: [SCOPE] });
      expect(alone.deploymentFrequency.count).toBe(1);
      await store.db.destroy();
    },
  );
});

describe('cached figures under concurrent reads', () => {
  const databases = createTestDatabases();
  afterEach(() => jest.restoreAllMocks());

  it.each(databases.eachSupportedId())(
    'read the revisions of concurrent reads in one statement, and see a write made before, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.deploy('d1', { sha: 'a', at: 1 });
      const cached = new DeliveryMetrics(store);
      const variants = [0, 1, 2].map(d => ({
        ...OPTIONS,
        from: T0 - d * DAY,
      }));
      for (const o of variants) await cached.metrics(o);
      const count = countStatements(store);
      const again = await Promise.all(variants.map(o => cached.metrics(o)));
      expect(again.map(m => m.deploymentFrequency.count)).toEqual([1, 1, 1]);
      expect(count.revisionReads()).toBe(1);
      expect(count.metrics()).toBe(0);

      await f.deploy('d2', { sha: 'b', at: 30 });
      const after = await Promise.all(variants.map(o => cached.metrics(o)));
      expect(after.map(m => m.deploymentFrequency.count)).toEqual([2, 2, 2]);
      expect(count.metrics()).toBe(3);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    "of a default window are computed for the next minute in the minute's last 30 seconds, %p",
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.deploy('d1', { sha: 'a', at: 1 });
      await f.pr(1, { firstCommit: 2, merged: 3, sha: 'c' });
      await f.deploy('d2', { sha: 'c', at: 4 });
      const minute = T0 + 28 * DAY;
      let now = minute - 29_000;
      jest.spyOn(Date, 'now').mockImplementation(() => now);
      const window = (end: number) => ({
        ...OPTIONS,
        from: end - 28 * DAY,
        to: end,
      });
      const cached = new DeliveryMetrics(store);
      const fresh = new DeliveryMetrics(store, { cache: false });
      const count = countStatements(store);

      // 31 s before the whole minute: computed, nothing prefetched
      now = minute - 31_000;
      await cached.metrics(window(defaultWindowEnd(now)));
      await cached.metrics(window(defaultWindowEnd(now)));
      expect(count.metrics()).toBe(1);
      // read again 29 s before: the next minute's window is computed in the background
      now = minute - 29_000;
      await cached.metrics(window(defaultWindowEnd(now)));
      await waitUntil(() => count.metrics() === 2);

      // after the whole minute, the read finds it
      now = minute + 1;
      const next = await cached.metrics(window(defaultWindowEnd(now)));
      expect(count.metrics()).toBe(2);
      expect(next.changeLeadTime.sampleSize).toBe(1);
      expect(next).toEqual(await fresh.metrics(window(minute + 60_000)));
      expect(count.metrics()).toBe(3);

      // 20 s before the next whole minute, none of these has its successor computed
      now = minute + 40_000;
      const staging = { ...window(minute + 60_000), environment: 'staging' };
      // read once only (a miss)
      await cached.metrics(staging);
      // not ending at the next whole minute, or not whole days: no default window
      for (const o of [
        window(minute + 120_000),
        { ...window(minute + 60_000), from: T0 + HOUR },
      ]) {
        await cached.metrics(o);
        await cached.metrics(o);
      }
      await new Promise(resolve => setTimeout(resolve, 200));
      expect(count.metrics()).toBe(3 + 3);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'of several services found in no cache are computed in one statement, each as it is alone, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const scopes = [0, 1, 2, 3, 4].map(i => ({
        ...SCOPE,
        entityRef: `component:default/svc-${i}`,
        repository: `acme/svc-${i}`,
      }));
      for (const [i, scope] of scopes.entries()) {
        const f = fixtures(store, scope);
        for (let k = 0; k <= i; k++)
          await f.deploy(`d${i}-${k}`, { sha: `s${i}${k}`, at: 1 + 10 * k });
        await f.pr(1, { firstCommit: 40, merged: 41 + i, sha: `c${i}` });
        await f.deploy(`c${i}`, { sha: `c${i}`, at: 50 + i });
      }
      const cached = new DeliveryMetrics(store);
      const fresh = new DeliveryMetrics(store, { cache: false });
      const count = countStatements(store);
      const together = await Promise.all(
        scopes.map(scope => cached.metrics({ ...OPTIONS, scopes: [scope] })),
      );
      expect(count.metrics()).toBe(1);
      expect(together.map(m => m.deploymentFrequency.count)).toEqual([
        2, 3, 4, 5, 6,
      ]);
      for (const [i, scope] of scopes.entries()) {
        expect(together[i]).toEqual(
          await fresh.metrics({ ...OPTIONS, scopes: [scope] }),
        );
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
