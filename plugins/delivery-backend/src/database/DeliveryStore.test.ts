import {
  createTestDatabases,
  createTestStore,
} from '../__testUtils__/databases';
import {
  SCOPE,
  at,
  fixtures,
  metricsFor,
  sha,
} from '../__testUtils__/fixtures';
import { deploymentEventSchema } from '../service/schemas';

jest.setTimeout(60_000);

describe('DeliveryStore', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'stores every event once, however often it is sent, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      for (let i = 0; i < 2; i++) {
        await f.pr(1, {
          firstCommit: 0,
          merged: 1,
          sha: 'm1',
          commits: [0, 0.5],
        });
        await f.deploy('d1', { sha: 'm1', at: 2 });
        await f.incident('i1', { start: 3, resolve: 4 });
      }
      const count = async (table: string) =>
        Number((await store.db(table).count({ n: '*' }))[0].n);
      expect(await count('delivery_pull_requests')).toBe(1);
      expect(await count('delivery_commits')).toBe(2);
      expect(await count('delivery_changes')).toBe(1);
      expect(await count('delivery_deployments')).toBe(1);
      expect(await count('delivery_incidents')).toBe(1);
      const m = await metricsFor(store, 0, 24);
      expect(m.deploymentFrequency.count).toBe(1);
      expect(m.changeLeadTime.sampleSize).toBe(1);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'reports when deployment events were last stored, never moved back by a writer whose clock is behind, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      const storedAt = Date.parse('2026-11-24T10:00:00Z');
      const now = jest.spyOn(Date, 'now');
      try {
        now.mockReturnValue(storedAt);
        await f.deploy('d1', { sha: 'a', at: 1 });
        now.mockReturnValue(storedAt - 60_000);
        await f.deploy('d2', { sha: 'b', at: 2 });
      } finally {
        now.mockRestore();
      }
      const m = await metricsFor(store, 0, 24);
      expect(m.dataQuality.newestEventAt).toBe(
        new Date(storedAt).toISOString(),
      );
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the status history and takes the latest status, whatever the arrival order, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const event = (status: 'in_progress' | 'success', hours: number) =>
        deploymentEventSchema.parse({
          externalId: 'run-1',
          repository: SCOPE.repository,
          environment: 'production',
          sha: sha('s'),
          status,
          startedAt: at(0),
          finishedAt: status === 'success' ? at(hours) : undefined,
        });
      await store.storeDeployments([event('success', 1)]);
      // a late in-progress event does not downgrade the deployment
      await store.storeDeployments([event('in_progress', 0)]);
      await store.storeDeployments([event('success', 1)]);
      const rows = await store.db('delivery_deployments').select();
      expect(rows).toHaveLength(1);
      expect(rows[0].status).toBe('success');
      expect(
        JSON.parse(rows[0].status_history).map((h: any) => h.status),
      ).toEqual(['in_progress', 'success']);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'writes nothing of a batch when one item fails, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const good = deploymentEventSchema.parse({
        externalId: 'ok',
        repository: SCOPE.repository,
        environment: 'production',
        sha: sha('ok'),
        status: 'success',
        finishedAt: at(1),
      });
      const bad = { ...good, externalId: 'bad', environment: null as any };
      await expect(store.storeDeployments([good, bad])).rejects.toThrow();
      expect(await store.db('delivery_deployments').select()).toHaveLength(0);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'treats a commit pushed to the default branch without a pull request as a change, %p',
    async id => {
      const store = await createTestStore(databases, id);
      await store.storeChanges([
        {
          type: 'commit',
          repository: SCOPE.repository,
          sha: sha('direct'),
          authoredAt: at(0),
          pushedAt: at(1),
          message: 'hotfix: fix the thing',
        },
        {
          type: 'commit',
          repository: SCOPE.repository,
          sha: sha('branch'),
          authoredAt: at(0),
        },
      ]);
      const changes = await store.db('delivery_changes').select();
      expect(changes).toHaveLength(1);
      expect(changes[0].change_key).toBe(`commit:${sha('direct')}`);
      expect(Number(changes[0].is_hotfix)).toBe(1);
      await store.db.destroy();
    },
  );
});
