import {
  createTestDatabases,
  createTestStore,
} from '../__testUtils__/databases';
import {
  ANNOTATION_TIMEZONE,
  doraLevelNote,
  getDoraBenchmark,
} from '@internal/plugin-delivery-common';
import { scopeOfEntity } from '../service/EntityResolver';
import { DeliveryMetrics } from './DeliveryMetrics';
import {
  HOUR,
  SCOPE,
  T0,
  drillFor,
  fixtures,
  metricsFor,
  sha,
} from '../__testUtils__/fixtures';

jest.setTimeout(60_000);

const H = 3600; // seconds per hour

describe('DORA metrics (docs/dora-metrics.md rules)', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'counts every merge shipped in one deployment, from its first commit, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.pr(1, { firstCommit: -50, merged: -48, sha: 'a0' });
      await f.deploy('d0', { sha: 'a0', at: -47 });
      await f.pr(2, {
        firstCommit: 0,
        merged: 2,
        sha: 'a1',
        commits: [0, 1.5],
      });
      await f.pr(3, { firstCommit: 1, merged: 3, sha: 'a2' });
      await f.pr(4, { firstCommit: 4, merged: 5, sha: 'a3' });
      await f.deploy('d1', { sha: 'a3', at: 10 });
      // merged after the deployment's sha: not in it
      await f.pr(5, { firstCommit: 6, merged: 11, sha: 'a4' });

      const m = await metricsFor(store, -24, 24);
      expect(m.deploymentFrequency.count).toBe(1);
      // lead times 10h, 9h, 6h (first commit to deployment, not merge)
      expect(m.changeLeadTime.sampleSize).toBe(3);
      expect(m.changeLeadTime.median).toBe(9 * H);
      // p90: rank 1 + 0.9 * 2 = 2.8 -> 9h + 0.8 * (10h - 9h)
      expect(m.changeLeadTime.p90).toBe(9.8 * H);
      expect(m.dataQuality.firstDeployment).toBe(false);
      expect(m.dataQuality.linkedDeploymentShare).toBe(1);

      const changes = await drillFor(store, -24, 24).changes();
      expect(changes.totalCount).toBe(3);
      expect(changes.items.map(c => c.pullRequestNumber).sort()).toEqual([
        2, 3, 4,
      ]);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'maps a squash merge back to its pull request commits, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      // the squash commit 'sq' is not one of the PR's commits
      await f.pr(7, {
        firstCommit: 0,
        merged: 3,
        sha: 'sq',
        method: 'squash',
        commits: [1, 0, 2],
      });
      await f.deploy('d', { sha: 'sq', at: 5 });
      const m = await metricsFor(store, 0, 24);
      expect(m.changeLeadTime.sampleSize).toBe(1);
      expect(m.changeLeadTime.median).toBe(5 * H);
      expect(m.dataQuality.squashOrRebaseMerges).toBe(1);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'gives the first deployment the changes of the 30 days before it and flags it, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      const day = 24;
      await f.pr(1, { firstCommit: -41 * day, merged: -40 * day, sha: 'old' });
      await f.pr(2, { firstCommit: -11 * day, merged: -10 * day, sha: 'mid' });
      await f.pr(3, { firstCommit: -2 * day, merged: -1 * day, sha: 'new' });
      await f.deploy('first', { sha: 'new', at: 0 });
      const m = await metricsFor(store, -1, 24);
      expect(m.dataQuality.firstDeployment).toBe(true);
      expect(m.dataQuality.warnings.join(' ')).toMatch(/first deployment/);
      // 11 days and 2 days; the change of 40 days ago is outside the 30 days
      expect(m.changeLeadTime.sampleSize).toBe(2);
      expect(m.changeLeadTime.median).toBe(6.5 * day * H);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'excludes failed, cancelled, unfinished and non-production rollouts from frequency, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.deploy('ok1', { sha: 'x1', at: 1 });
      await f.deploy('failed', { sha: 'x2', at: 2, status: 'failure' });
      await f.deploy('cancelled', { sha: 'x2', at: 3, status: 'cancelled' });
      await f.deploy('running', { sha: 'x2', at: 4, status: 'in_progress' });
      await f.deploy('ok2', { sha: 'x2', at: 28 });
      await f.deploy('staging', { sha: 'x3', at: 30, environment: 'staging' });
      const m = await metricsFor(store, 0, 7 * 24);
      expect(m.deploymentFrequency.count).toBe(2);
      expect(m.deploymentFrequency.perDay).toBeCloseTo(2 / 7, 10);
      expect(m.deploymentFrequency.perWeek).toBeCloseTo(2, 10);
      // two distinct deploy days in the single full week
      expect(m.deploymentFrequency.medianDeployDaysPerWeek).toBe(2);
      // one week is too short to judge frequency (at least four full weeks)
      expect(m.deploymentFrequency.notEnoughData).toBe(true);
      expect(m.deploymentFrequency.level).toBeNull();
      expect(m.changeFailureRate.sampleSize).toBe(2);
      expect(m.changeFailureRate.value).toBe(0);
      // the drill-down still shows every attempt to production
      const rows = await drillFor(store, 0, 7 * 24).deployments();
      expect(rows.totalCount).toBe(5);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'never reports a change failure rate above 100%%, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.deploy('d1', { sha: 'b1', at: 0 });
      await f.incident('i1', { start: 1, resolve: 2 });
      await f.incident('i2', { start: 1.5, resolve: 3, deployment: 'd1' });
      await f.incident('i3', { start: 2, resolve: 4, rootCauseSha: 'b1' });
      await f.deploy('d2', { sha: 'b0', at: 5, rollback: true });
      const m = await metricsFor(store, 0, 4);
      expect(m.deploymentFrequency.count).toBe(1);
      expect(m.changeFailureRate.numerator).toBe(1);
      expect(m.changeFailureRate.value).toBe(1);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'attributes incidents by explicit sha, by time window, or not at all, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.deploy('d1', { sha: 'c1', at: 0 });
      await f.deploy('d2', { sha: 'c2', at: 70 });
      await f.deploy('d3', { sha: 'c3', at: 100 });
      // names d1's sha although d2 and d3 are more recent: explicit wins
      await f.incident('by-sha', {
        start: 101,
        resolve: 102,
        rootCauseSha: 'c1',
      });
      // no link: latest deployment within 24h before the start, d3
      await f.incident('by-window', { start: 103, resolve: 104 });
      // 30h after the last deployment: outside the 24h window
      await f.incident('none', { start: 130, resolve: 131 });
      // within the window but flagged: never attributed
      await f.incident('ops', {
        start: 72,
        resolve: 73,
        notChangeRelated: true,
      });

      const incidents = await drillFor(store, 0, 200).incidents();
      const byId = Object.fromEntries(
        incidents.items.map(i => [i.externalId, i]),
      );
      const deployments = await drillFor(store, 0, 200).deployments();
      const depId = (ext: string) =>
        deployments.items.find(d => d.externalId === ext)!.id;
      expect(byId['by-sha'].attribution).toBe('explicit');
      expect(byId['by-sha'].attributedDeploymentId).toBe(depId('d1'));
      expect(byId['by-window'].attribution).toBe('time-window');
      expect(byId['by-window'].attributedDeploymentId).toBe(depId('d3'));
      expect(byId.none.attribution).toBe('none');
      expect(byId.none.attributedDeploymentId).toBeNull();
      expect(byId.ops.attribution).toBe('not-change-related');
      expect(byId.ops.attributedDeploymentId).toBeNull();

      const m = await metricsFor(store, 0, 200);
      // d1 and d3 failed, d2 did not (the flagged incident does not count)
      expect(m.changeFailureRate.numerator).toBe(2);
      expect(m.changeFailureRate.value).toBeCloseTo(2 / 3, 10);
      // time to restore counts all four incidents, each one hour
      expect(m.timeToRestoreService.sampleSize).toBe(4);
      expect(m.timeToRestoreService.median).toBe(H);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'measures recovery to the next deployment or to the incident resolution, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      // rolled back one hour later: recovery 1h
      await f.deploy('d1', { sha: 'e1', at: 0 });
      await f.deploy('d2', { sha: 'e0', at: 1, rollback: true });
      // incident at 11, resolved at 13, next deployment at 15: recovery 13 - 10 = 3h
      await f.deploy('d3', { sha: 'e3', at: 10 });
      await f.incident('i3', { start: 11, resolve: 13 });
      await f.deploy('d4', { sha: 'e4', at: 15 });
      // incident at 21, resolved at 40, next deployment at 22: recovery 22 - 20 = 2h
      await f.deploy('d5', { sha: 'e5', at: 20 });
      await f.incident('i5', { start: 21, resolve: 40 });
      await f.deploy('d6', { sha: 'e6', at: 22 });

      const m = await metricsFor(store, 0, 48);
      expect(m.deploymentFrequency.count).toBe(6);
      expect(m.changeFailureRate.numerator).toBe(3);
      expect(m.changeFailureRate.value).toBe(0.5);
      expect(m.failedDeploymentRecoveryTime.sampleSize).toBe(3);
      expect(m.failedDeploymentRecoveryTime.median).toBe(2 * H);
      // p90 of [1h, 2h, 3h]: 2h + 0.8 * 1h
      expect(m.failedDeploymentRecoveryTime.p90).toBe(2.8 * H);
      expect(m.failedDeploymentRecoveryTime.level).toBe('high');
      expect(m.deploymentReworkRate.numerator).toBe(1);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'starts recovery at an incident that began before its explicitly named deployment finished, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.deploy('d1', { sha: 'g1', at: 5 });
      await f.incident('i1', { start: 4, resolve: 9, deployment: 'd1' });
      await f.deploy('d2', { sha: 'g2', at: 6 });
      const m = await metricsFor(store, 0, 24);
      // from the incident's start (4) to the first deployment after detection (6)
      expect(m.failedDeploymentRecoveryTime.median).toBe(2 * H);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'counts rework: rollbacks, hotfixes and fixes of open incidents, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.incident('open', { start: -5 });
      await f.incident('closed', { start: -10, resolve: -9 });
      await f.pr(1, { firstCommit: -1, merged: 0, sha: 'p1' });
      await f.deploy('plain', { sha: 'p1', at: 1 });
      await f.deploy('flagged', { sha: 'p1', at: 2, hotfix: true });
      await f.pr(2, {
        firstCommit: 2,
        merged: 3,
        sha: 'p2',
        labels: ['hotfix'],
      });
      await f.deploy('labelled', { sha: 'p2', at: 4 });
      await f.pr(3, {
        firstCommit: 4,
        merged: 5,
        sha: 'p3',
        fixesIncident: 'open',
      });
      await f.deploy('fixes-open', { sha: 'p3', at: 6 });
      await f.pr(4, {
        firstCommit: 6,
        merged: 7,
        sha: 'p4',
        fixesIncident: 'closed',
      });
      await f.deploy('fixes-closed', { sha: 'p4', at: 8 });
      await f.deploy('rollback', { sha: 'p3', at: 9, rollback: true });
      await f.pr(5, {
        firstCommit: 9,
        merged: 10,
        sha: 'p5',
        headRef: 'hotfix/x',
      });
      await f.deploy('branch', { sha: 'p5', at: 11 });

      const m = await metricsFor(store, 0, 24);
      expect(m.deploymentFrequency.count).toBe(7);
      // flagged, labelled, fixes-open, rollback, branch
      expect(m.deploymentReworkRate.numerator).toBe(5);
      expect(m.deploymentReworkRate.value).toBeCloseTo(5 / 7, 10);
      expect(m.deploymentReworkRate.level).toBeNull();
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'flags clock skew instead of a negative lead time, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.pr(1, { firstCommit: 1, merged: 2, sha: 'k1' });
      // authored "after" its own deployment: a skewed clock
      await f.pr(2, { firstCommit: 10, merged: 3, sha: 'k2' });
      await f.deploy('d', { sha: 'k2', at: 5 });
      const m = await metricsFor(store, 0, 24);
      expect(m.dataQuality.clockSkewChanges).toBe(1);
      expect(m.changeLeadTime.sampleSize).toBe(1);
      expect(m.changeLeadTime.median).toBe(4 * H);
      const changes = await drillFor(store, 0, 24).changes();
      const skewed = changes.items.find(c => c.pullRequestNumber === 2)!;
      expect(skewed.clockSkew).toBe(true);
      expect(skewed.leadTimeSeconds).toBeNull();
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'includes the window start and excludes its end, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.deploy('before', { sha: 'w0', at: -0.001 });
      await f.deploy('start', { sha: 'w1', at: 0 });
      await f.deploy('end', { sha: 'w2', at: 24 });
      const m = await metricsFor(store, 0, 24);
      expect(m.deploymentFrequency.count).toBe(1);
      const rows = await drillFor(store, 0, 24).deployments();
      expect(rows.items.map(r => r.externalId)).toEqual(['start']);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'interpolates medians and p90 between closest ranks, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.deploy('d0', { sha: 'q0', at: -100 });
      await f.pr(1, { firstCommit: 9, merged: 9.5, sha: 'q1' });
      await f.pr(2, { firstCommit: 8, merged: 9.6, sha: 'q2' });
      await f.pr(3, { firstCommit: 7, merged: 9.7, sha: 'q3' });
      await f.pr(4, { firstCommit: 0, merged: 9.8, sha: 'q4' });
      await f.deploy('d1', { sha: 'q4', at: 10 });
      const m = await metricsFor(store, 0, 24);
      // lead times 1h, 2h, 3h, 10h
      expect(m.changeLeadTime.sampleSize).toBe(4);
      expect(m.changeLeadTime.median).toBe(2.5 * H);
      // rank 1 + 0.9 * 3 = 3.7 -> 3h + 0.7 * (10h - 3h) = 7.9h
      expect(m.changeLeadTime.p90).toBe(7.9 * H);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'says "not enough data" below the minimum sample size, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.pr(1, { firstCommit: 0, merged: 1, sha: 'n1' });
      await f.deploy('d', { sha: 'n1', at: 2 });
      const m = await new DeliveryMetrics(store).metrics({
        scopes: [SCOPE],
        from: T0,
        to: T0 + 24 * HOUR,
        benchmark: getDoraBenchmark()!,
        minimumSampleSize: 5,
        attributionWindowMs: 24 * HOUR,
      });
      expect(m.changeLeadTime.median).toBe(2 * 3600);
      expect(m.changeLeadTime.notEnoughData).toBe(true);
      expect(m.changeLeadTime.level).toBeNull();
      expect(m.changeFailureRate.notEnoughData).toBe(true);
      // a window shorter than a week cannot judge frequency
      expect(m.deploymentFrequency.notEnoughData).toBe(true);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'notes beside a level when the report year classifies it by the nearest cluster, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const other = { ...SCOPE, entityRef: 'component:default/other' };
      const f = fixtures(store);
      await f.pr(1, { firstCommit: 0, merged: 1, sha: 'l1' });
      await f.deploy('d1', { sha: 'l1', at: 2 });
      await f.deploy('d2', { sha: 'l2', at: 3, rollback: true });
      const benchmark2024 = getDoraBenchmark(2024)!;
      const cfrNote = doraLevelNote(benchmark2024, 'changeFailureRate');
      expect(cfrNote).toMatch(/nearest/);

      for (const m of [
        await metricsFor(store, 0, 24),
        await metricsFor(store, 0, 24, [SCOPE, other]),
      ]) {
        expect(m.changeFailureRate.level).not.toBeNull();
        expect(m.changeFailureRate.levelNote).toBe(cfrNote);
        // lead time has ordered bands in 2024 too: no note
        expect(m.changeLeadTime.level).not.toBeNull();
        expect(m.changeLeadTime.levelNote).toBeUndefined();
        expect(m.failedDeploymentRecoveryTime.level).not.toBeNull();
        expect(m.failedDeploymentRecoveryTime.levelNote).toBe(
          doraLevelNote(benchmark2024, 'failedDeploymentRecoveryTime'),
        );
      }
      // no deployment in the window: no level, no note
      const empty = await metricsFor(store, 100, 124);
      expect(empty.changeFailureRate.level).toBeNull();
      expect(empty.changeFailureRate.levelNote).toBeUndefined();
      const services = (await metricsFor(store, 0, 24, [SCOPE, other]))
        .services!;
      expect(services[0].changeFailureRate.levelNote).toBe(cfrNote);

      const m2023 = await new DeliveryMetrics(store).metrics({
        scopes: [SCOPE],
        from: T0,
        to: T0 + 24 * HOUR,
        benchmark: getDoraBenchmark(2023)!,
        minimumSampleSize: 1,
        attributionWindowMs: 24 * HOUR,
      });
      expect(m2023.changeFailureRate.level).not.toBeNull();
      expect(m2023.changeFailureRate.levelNote).toBeUndefined();
      await store.db.destroy();
    },
  );
});

describe('an entity time zone that is no IANA time zone', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    "is named in a warning and the organisation's zone counts the deploy days, %p",
    async id => {
      const store = await createTestStore(databases, id);
      const scope = scopeOfEntity(
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'svc',
            annotations: {
              'github.com/project-slug': SCOPE.repository,
              [ANNOTATION_TIMEZONE]: 'Mars/Olympus_Mons',
            },
          },
        },
        ['production'],
      )!;
      expect(scope.timezone).toBeUndefined();
      const f = fixtures(store, scope);
      // 23:30 and 00:30 UTC: one calendar day in Berlin (UTC+1), two in UTC
      await f.deploy('d1', { sha: 'z1', at: 23.5 });
      await f.deploy('d2', { sha: 'z2', at: 24.5 });

      const m = await new DeliveryMetrics(store).metrics({
        scopes: [scope],
        from: T0,
        to: T0 + 7 * 24 * HOUR,
        benchmark: getDoraBenchmark()!,
        minimumSampleSize: 1,
        attributionWindowMs: 24 * HOUR,
        timezone: 'Europe/Berlin',
      });
      expect(m.dataQuality.warnings).toContain(
        "component:default/svc: launchpad.dev/timezone 'Mars/Olympus_Mons' is not an IANA time zone; its deploy days are counted in Europe/Berlin",
      );
      expect(m.deploymentFrequency.count).toBe(2);
      expect(m.deploymentFrequency.medianDeployDaysPerWeek).toBe(1);
      await store.db.destroy();
    },
  );
});

describe('monorepo entities (launchpad.dev/delivery-path)', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'count only the changes that touched their path, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const scope = { ...SCOPE, path: 'services/api' };
      const pr = (n: number, firstCommit: number, paths?: string[]) =>
        store.storeChanges([
          {
            type: 'pull_request',
            repository: SCOPE.repository,
            number: n,
            mergedAt: new Date(T0 + (firstCommit + 1) * HOUR).toISOString(),
            mergeCommitSha: sha(`mono${n}`),
            labels: [],
            paths,
            commits: [
              {
                sha: sha(`mono${n}c`),
                authoredAt: new Date(T0 + firstCommit * HOUR).toISOString(),
              },
            ],
          },
        ]);
      await fixtures(store).deploy('d0', { sha: 'x', at: -50 });
      await pr(1, 0, ['services/api/src/index.ts', 'README.md']);
      await pr(2, 1, ['services/apiary/main.go']);
      await pr(3, 2, ['services/web/app.tsx']);
      await pr(4, 3); // paths unknown: counted
      await pr(5, 4, ['services/api']);
      await fixtures(store).deploy('d1', { sha: 'mono5', at: 10 });
      const m = await new DeliveryMetrics(store).metrics({
        scopes: [scope],
        from: T0,
        to: T0 + 24 * HOUR,
        benchmark: getDoraBenchmark()!,
        minimumSampleSize: 1,
        attributionWindowMs: 24 * HOUR,
      });
      // PRs 1, 4 and 5: lead times 10h, 7h, 6h
      expect(m.changeLeadTime.sampleSize).toBe(3);
      expect(m.changeLeadTime.median).toBe(7 * H);
      // the whole repository sees all five
      const all = await metricsFor(store, 0, 24);
      expect(all.changeLeadTime.sampleSize).toBe(5);
      await store.db.destroy();
    },
  );
});
