import {
  createTestDatabases,
  createTestStore,
} from '../__testUtils__/databases';
import {
  HOUR,
  SCOPE,
  T0,
  drillFor,
  fixtures,
  metricsFor,
} from '../__testUtils__/fixtures';
import { DrillDown } from './DrillDown';

jest.setTimeout(60_000);

describe('DrillDown.countedDeployments', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'lists the deployments the frequency counts and the rework ones, as many as the figures say, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.incident('open', { start: -5 });
      await f.pr(1, { firstCommit: -1, merged: 0, sha: 'p1' });
      await f.deploy('plain', { sha: 'p1', at: 1 });
      // attempts that never reached production, and another environment
      await f.deploy('failed-rollout', {
        sha: 'p1',
        at: 1.5,
        status: 'failure',
      });
      await f.deploy('running', { sha: 'p1', at: 1.6, status: 'in_progress' });
      await f.deploy('staging', { sha: 'p1', at: 1.7, environment: 'staging' });
      await f.deploy('flagged', { sha: 'p1', at: 2, hotfix: true });
      await f.pr(2, {
        firstCommit: 2,
        merged: 3,
        sha: 'p2',
        fixesIncident: 'open',
      });
      await f.deploy('fixes-open', { sha: 'p2', at: 4 });
      await f.deploy('rollback', { sha: 'p1', at: 5, rollback: true });
      // after the window
      await f.deploy('later', { sha: 'p2', at: 30 });

      const m = await metricsFor(store, 0, 24);
      const counted = await drillFor(store, 0, 24).counted();
      expect(counted.totalCount).toBe(m.deploymentFrequency.count);
      expect(
        counted.items.map(d => [d.externalId, d.rework, d.failed]),
      ).toEqual([
        ['rollback', true, false],
        // the rollback repairs the deployment before it
        ['fixes-open', true, true],
        // the hotfix repairs the deployment before it
        ['flagged', true, false],
        ['plain', false, true],
      ]);
      expect(counted.items[0]).toMatchObject({
        entityRef: 'component:default/svc',
        environment: 'production',
        status: 'success',
        isRollback: true,
      });
      expect(counted.items.filter(d => d.failed).length).toBe(
        m.changeFailureRate.numerator,
      );

      const rework = await drillFor(store, 0, 24).counted({ reworkOnly: true });
      expect(rework.totalCount).toBe(m.deploymentReworkRate.numerator);
      expect(rework.items.map(d => d.externalId)).toEqual([
        'rollback',
        'fixes-open',
        'flagged',
      ]);

      // the failed ones, with the recovery time the figure takes from each
      const failed = await drillFor(store, 0, 24).counted({ failedOnly: true });
      expect(failed.totalCount).toBe(m.changeFailureRate.numerator);
      expect(failed.items.map(d => [d.externalId, d.recoverySeconds])).toEqual([
        // repaired by the rollback an hour later
        ['fixes-open', 3600],
        // the hotfix shipped the same sha: recovered at the next sha, 3 h later
        ['plain', 3 * 3600],
      ]);
      expect(failed.items.filter(d => d.recoverySeconds !== null).length).toBe(
        m.failedDeploymentRecoveryTime.sampleSize,
      );
      expect(m.failedDeploymentRecoveryTime.median).toBe(2 * 3600);
      expect(counted.items.find(d => !d.failed)?.recoverySeconds).toBeNull();
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'pages through the counted deployments and lists none for no scope, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      for (let i = 0; i < 5; i++) {
        await f.deploy(`d${i}`, { sha: `s${i}`, at: i + 1 });
      }
      const d = drillFor(store, 0, 24);
      const all = await d.counted();
      expect(all.items.map(r => r.externalId)).toEqual([
        'd4',
        'd3',
        'd2',
        'd1',
        'd0',
      ]);
      expect(all.totalCount).toBe(5);

      const o = {
        scopes: [SCOPE],
        from: T0,
        to: T0 + 24 * HOUR,
        attributionWindowMs: 24 * HOUR,
        limit: 2,
        offset: 2,
      };
      const drill = new DrillDown(store);
      const page = await drill.countedDeployments(o);
      expect(page).toMatchObject({ totalCount: 5, limit: 2, offset: 2 });
      expect(page.items.map(r => r.externalId)).toEqual(['d2', 'd1']);
      expect(
        await drill.countedDeployments({ ...o, scopes: [], reworkOnly: true }),
      ).toEqual({ items: [], totalCount: 0, limit: 2, offset: 2 });
      await store.db.destroy();
    },
  );
});
