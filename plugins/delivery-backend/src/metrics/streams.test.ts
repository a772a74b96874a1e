import {
  createTestDatabases,
  createTestStore,
} from '../__testUtils__/databases';
import {
  DAY,
  HOUR,
  SCOPE,
  T0,
  drillFor,
  fixtures,
  metricsFor,
  sha,
} from '../__testUtils__/fixtures';
import { DeliveryStore } from '../database/DeliveryStore';
import { MetricScope } from './queries';
import { offsetAt } from './timezone';

jest.setTimeout(60_000);

const H = 3600; // seconds per hour

const service = (name: string, o: Partial<MetricScope> = {}): MetricScope => ({
  entityRef: `component:default/${name}`,
  repository: `acme/${name}`,
  workflows: [],
  productionEnvironments: ['production'],
  ...o,
});

describe('streams: one service in one environment (docs/dora-metrics.md)', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'a hotfix repairs the deployment named by the incident it fixes, not the one before it, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.pr(1, { firstCommit: -1, merged: 0, sha: 'h1' });
      await f.deploy('d1', { sha: 'h1', at: 1 });
      await f.incident('inc-1', { start: 2, resolve: 9, deployment: 'd1' });
      await f.pr(2, { firstCommit: 3, merged: 4, sha: 'h2' });
      await f.deploy('d2', { sha: 'h2', at: 5 });
      await f.pr(3, {
        firstCommit: 6,
        merged: 7,
        sha: 'h3',
        fixesIncident: 'inc-1',
      });
      await f.deploy('d3', { sha: 'h3', at: 8, hotfix: true });

      const m = await metricsFor(store, 0, 24);
      expect(m.deploymentFrequency.count).toBe(3);
      // only d1 failed: d2 is unrelated, d3 repairs d1
      expect(m.changeFailureRate.numerator).toBe(1);
      expect(m.changeFailureRate.value).toBeCloseTo(1 / 3, 10);
      // d1 from 1 until the next deployment of another sha after the incident (d2 at 5)
      expect(m.failedDeploymentRecoveryTime.median).toBe(4 * H);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'a hotfix without an incident repairs the previous deployment of its stream, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.deploy('d1', { sha: 'f1', at: 1 });
      await f.deploy('d2', { sha: 'f2', at: 2 });
      await f.deploy('d3', { sha: 'f3', at: 5, hotfix: true });
      const m = await metricsFor(store, 0, 24);
      expect(m.changeFailureRate.numerator).toBe(1);
      // d2 failed at 2, repaired by d3 at 5
      expect(m.failedDeploymentRecoveryTime.median).toBe(3 * H);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'a rollback in one region fails that region’s deployment, and regions pool, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const scope = { ...SCOPE, productionEnvironments: ['eu', 'us'] };
      const f = fixtures(store, scope);
      await f.deploy('eu1', { sha: 'r1', at: 0, environment: 'eu' });
      await f.deploy('us1', { sha: 'r1', at: 1, environment: 'us' });
      await f.deploy('eu2', {
        sha: 'r0',
        at: 2,
        environment: 'eu',
        rollback: true,
      });

      const all = await metricsFor(store, 0, 24, [scope]);
      expect(all.deploymentFrequency.count).toBe(3);
      expect(all.changeFailureRate.numerator).toBe(1);
      // eu1 (at 0) recovered by eu2 (at 2); blaming us1 would give 1h
      expect(all.failedDeploymentRecoveryTime.median).toBe(2 * H);

      const eu = await metricsFor(store, 0, 24, [scope], { environment: 'EU' });
      expect(eu.deploymentFrequency.count).toBe(2);
      expect(eu.changeFailureRate.numerator).toBe(1);
      const us = await metricsFor(store, 0, 24, [scope], { environment: 'us' });
      expect(us.deploymentFrequency.count).toBe(1);
      expect(us.changeFailureRate.numerator).toBe(0);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'a production incident is never attributed to a staging deployment, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.deploy('s1', { sha: 'st1', at: 0, environment: 'staging' });
      await f.deploy('p1', { sha: 'st0', at: 0.5 });
      await f.incident('inc', { start: 1, resolve: 2 });

      const staging = await metricsFor(store, 0, 24, [SCOPE], {
        environment: 'staging',
      });
      expect(staging.deploymentFrequency.count).toBe(1);
      expect(staging.changeFailureRate.numerator).toBe(0);
      expect(staging.changeFailureRate.value).toBe(0);

      const production = await metricsFor(store, 0, 24);
      expect(production.changeFailureRate.value).toBe(1);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'matches environment names case-insensitively, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      // one deployment a day for four weeks, to "Production"
      for (let d = 0; d < 28; d++) {
        await f.deploy(`d${d}`, {
          sha: `c${d}`,
          at: d * 24 + 10,
          environment: d % 2 ? 'Production' : 'PRODUCTION',
        });
      }
      const m = await metricsFor(store, 0, 28 * 24);
      expect(m.deploymentFrequency.count).toBe(28);
      expect(m.deploymentFrequency.medianDeployDaysPerWeek).toBe(7);
      expect(m.deploymentFrequency.level).toBe('elite');
      expect((await drillFor(store, 0, 28 * 24).deployments()).totalCount).toBe(
        28,
      );
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'says "no data yet" instead of a level when nothing was ever deployed, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const m = await metricsFor(store, 0, 30 * 24);
      expect(m.noDataYet).toBe(true);
      expect(m.services).toEqual([
        expect.objectContaining({
          entityRef: SCOPE.entityRef,
          noDataYet: true,
        }),
      ]);
      for (const figure of [
        m.deploymentFrequency,
        m.changeLeadTime,
        m.changeFailureRate,
        m.failedDeploymentRecoveryTime,
        m.deploymentReworkRate,
      ]) {
        expect(figure.level).toBeNull();
        expect(figure.notEnoughData).toBe(true);
      }
      expect(m.dataQuality.warnings.join(' ')).toMatch(/no data yet/);

      // a failed rollout is a recorded deployment: a real, low, frequency
      await fixtures(store).deploy('x', {
        sha: 'x1',
        at: 1,
        status: 'failure',
      });
      const after = await metricsFor(store, 0, 30 * 24);
      expect(after.noDataYet).toBe(false);
      expect(after.deploymentFrequency.count).toBe(0);
      expect(after.deploymentFrequency.level).toBe('low');
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'judges deployment frequency on at least four full weeks, %p',
    async id => {
      const store = await createTestStore(databases, id);
      await fixtures(store).deploy('d', { sha: 'w1', at: 1 });
      const short = await metricsFor(store, 0, 27 * 24);
      expect(short.deploymentFrequency.sampleSize).toBe(3);
      expect(short.deploymentFrequency.notEnoughData).toBe(true);
      expect(short.deploymentFrequency.level).toBeNull();
      const long = await metricsFor(store, 0, 28 * 24);
      expect(long.deploymentFrequency.notEnoughData).toBe(false);
      // one deployment in 28 days: medium (at least monthly)
      expect(long.deploymentFrequency.level).toBe('medium');
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'recovers when the last of a deployment’s incidents is resolved, or at the next deployment of another sha, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.deploy('d1', { sha: 'm1', at: 0 });
      await f.incident('a', { start: 1, resolve: 3, deployment: 'd1' });
      await f.incident('b', { start: 2, resolve: 10, deployment: 'd1' });
      const m = await metricsFor(store, 0, 24);
      expect(m.changeFailureRate.numerator).toBe(1);
      expect(m.failedDeploymentRecoveryTime.median).toBe(10 * H);

      // a redeployment of the same sha does not end it; another sha does
      await f.deploy('d1-again', { sha: 'm1', at: 5 });
      await f.deploy('d2', { sha: 'm2', at: 6 });
      const again = await metricsFor(store, 0, 24);
      expect(again.failedDeploymentRecoveryTime.median).toBe(6 * H);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'attributes an incident that began before the window to the window deployment it names, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.pr(1, { firstCommit: -10, merged: -9, sha: 'e1' });
      // the rollout is slow: the incident starts before it finishes
      await f.incident('early', { start: -2, resolve: 3, rootCauseSha: 'e1' });
      await f.deploy('d1', { sha: 'e1', at: 1 });
      const m = await metricsFor(store, 0, 24);
      expect(m.changeFailureRate.numerator).toBe(1);
      // from the incident's start (-2) to its resolution (3)
      expect(m.failedDeploymentRecoveryTime.median).toBe(5 * H);
      // time to restore counts only incidents started in the window
      expect(m.timeToRestoreService.sampleSize).toBe(0);
      const listed = await drillFor(store, 0, 24).incidents();
      expect(listed.totalCount).toBe(0);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'blames a root-cause sha on the first deployment that shipped it, not a later one of that sha, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.pr(7, { firstCommit: 0, merged: 1, sha: 'pr7' });
      await f.pr(8, { firstCommit: 1, merged: 2, sha: 'pr8' });
      // d1 ships pr7 and pr8; d2 later deploys pr7's own sha
      await f.deploy('d1', { sha: 'pr8', at: 3 });
      await f.incident('i1', { start: 3.5, resolve: 10, rootCauseSha: 'pr7' });
      await f.deploy('d2', { sha: 'pr7', at: 5 });
      const incidents = await drillFor(store, 0, 24).incidents();
      const deployments = await drillFor(store, 0, 24).deployments();
      const d1 = deployments.items.find(d => d.externalId === 'd1')!;
      expect(incidents.items[0].attribution).toBe('explicit');
      expect(incidents.items[0].attributedDeploymentId).toBe(d1.id);
      const m = await metricsFor(store, 0, 24);
      expect(m.changeFailureRate.numerator).toBe(1);
      // d1 (3) until d2 (5), the next deployment of another sha after the incident
      expect(m.failedDeploymentRecoveryTime.median).toBe(2 * H);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'a fix of an incident that began long before the window repairs the deployment the incident is attributed to, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.deploy('d1', { sha: 'old1', at: 0 });
      // attributed to d1 by the time window, weeks before the metrics window
      await f.incident('i1', { start: 0.5, resolve: 7 });
      await f.deploy('d2', { sha: 'old2', at: 56 });
      await f.pr(5, {
        firstCommit: 229,
        merged: 230,
        sha: 'fix5',
        labels: ['hotfix'],
        fixesIncident: 'i1',
      });
      // the first deployment after the window: a hotfix of i1, so of d1, not of d2
      await f.deploy('d3', { sha: 'fix5', at: 300 });
      const m = await metricsFor(store, 33, 290);
      expect(m.deploymentFrequency.count).toBe(1);
      expect(m.changeFailureRate.numerator).toBe(0);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'attributes an old incident by time when its explicit link names no production deployment, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.deploy('d1', { sha: 'q1', at: 5 });
      // names a staging deployment: no attribution by link, so by time: d1
      await f.incident('i1', { start: 11, resolve: 13, deployment: 'd2' });
      await f.deploy('d2', { sha: 'q0', at: 40, environment: 'staging' });
      await f.deploy('d3', { sha: 'q2', at: 1046 });
      await f.pr(1, {
        firstCommit: 1086,
        merged: 1087,
        sha: 'q3',
        fixesIncident: 'i1',
      });
      await f.deploy('d4', { sha: 'q3', at: 1120, hotfix: true });
      const m = await metricsFor(store, 1000, 1840);
      expect(m.deploymentFrequency.count).toBe(2);
      // d4 repairs d1 (before the window), not d3
      expect(m.changeFailureRate.numerator).toBe(0);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'gives a first deployment the changes landed from exactly 30 days before it, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.pr(1, { firstCommit: -1, merged: 0, sha: 'edge' });
      await f.deploy('first', { sha: 'edge', at: 30 * 24 });
      const m = await metricsFor(store, 29 * 24, 31 * 24);
      expect(m.changeLeadTime.sampleSize).toBe(1);
      expect(m.changeLeadTime.median).toBe((30 * 24 + 1) * H);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'names the open incidents time to restore leaves out, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.deploy('d1', { sha: 'o1', at: 0 });
      await f.incident('closed', { start: 30, resolve: 32 });
      await f.incident('still-open', { start: 40 });
      const m = await metricsFor(store, 0, 48);
      expect(m.timeToRestoreService.sampleSize).toBe(1);
      expect(m.timeToRestoreService.median).toBe(2 * H);
      expect(m.timeToRestoreService.openIncidents).toEqual(['still-open']);
      expect(m.dataQuality.warnings.join(' ')).toMatch(
        /leaves out 1 open incident: still-open/,
      );
      await store.db.destroy();
    },
  );
});

/** The UTC instant of a wall-clock time in `zone`. */
function wallClock(zone: string, iso: string): number {
  const wall = Date.parse(`${iso}Z`);
  return wall - offsetAt(zone, wall - offsetAt(zone, wall));
}

describe('deploy days in the organisation’s time zone', () => {
  const databases = createTestDatabases();
  const LA = 'America/Los_Angeles';

  /** Deploys at 00:30 and 23:30 Los Angeles time, Monday to Thursday, for four weeks from `monday`. */
  async function monToThu(store: DeliveryStore, monday: string) {
    const start = Date.parse(`${monday}T00:00:00Z`);
    for (let week = 0; week < 4; week++) {
      for (let day = 0; day < 4; day++) {
        const date = new Date(start + (week * 7 + day) * DAY)
          .toISOString()
          .slice(0, 10);
        for (const time of ['00:30', '23:30']) {
          const t = wallClock(LA, `${date}T${time}:00`);
          await fixtures(store).deploy(`${date}-${time}`, {
            sha: `${date}${time}`,
            at: (t - T0) / HOUR,
          });
        }
      }
    }
    return {
      from: (wallClock(LA, `${monday}T00:00:00`) - T0) / HOUR,
      to: (wallClock(LA, `${monday}T00:00:00`) + 28 * DAY - T0) / HOUR,
    };
  }

  it.each(databases.eachSupportedId())(
    'counts a Monday-to-Thursday team in Pacific time as 4 deploy days a week, across daylight saving time, %p',
    async id => {
      const store = await createTestStore(databases, id);
      // US daylight saving time starts on Sunday 2026-03-08
      const w = await monToThu(store, '2026-02-23');
      const inZone = await metricsFor(store, w.from, w.to, [SCOPE], {
        timezone: LA,
      });
      expect(inZone.deploymentFrequency.count).toBe(32);
      expect(inZone.deploymentFrequency.medianDeployDaysPerWeek).toBe(4);
      expect(inZone.deploymentFrequency.level).toBe('high');
      // the entity's annotation overrides the organisation's zone
      const annotated = await metricsFor(
        store,
        w.from,
        w.to,
        [{ ...SCOPE, timezone: LA }],
        { timezone: 'Europe/Berlin' },
      );
      expect(annotated.deploymentFrequency.medianDeployDaysPerWeek).toBe(4);
      // counted in UTC days the 23:30 deployments fall on the next day
      const utc = await metricsFor(store, w.from, w.to, [SCOPE]);
      expect(utc.deploymentFrequency.medianDeployDaysPerWeek).toBe(5);
      expect(utc.deploymentFrequency.level).toBe('elite');
      await store.db.destroy();
    },
  );
});

describe('groups: the median of the services’ figures', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'five services deploying weekly on different days are not elite, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const scopes = [0, 1, 2, 3, 4].map(i => service(`weekly-${i}`));
      for (const [i, scope] of scopes.entries()) {
        const f = fixtures(store, scope);
        for (let week = 0; week < 4; week++) {
          const at = (week * 7 + i) * 24 + 12;
          await f.pr(week + 1, {
            firstCommit: at - (i + 1),
            merged: at - 0.5,
            sha: `s${i}w${week}`,
          });
          await f.deploy(`s${i}w${week}`, { sha: `s${i}w${week}`, at });
        }
        // for i > 0, an incident 1 h after service i's first deployment, resolved i h later
        if (i > 0)
          await f.incident(`inc-${i}`, {
            start: i * 24 + 13,
            resolve: i * 24 + 13 + i,
          });
      }
      const idle = service('idle');
      const m = await metricsFor(store, 0, 28 * 24, [...scopes, idle]);
      expect(m.aggregation).toBe('median-of-services');
      expect(m.services).toHaveLength(6);
      for (const s of m.services!.slice(0, 5)) {
        expect(s.deploymentFrequency.medianDeployDaysPerWeek).toBe(1);
        expect(s.deploymentFrequency.level).toBe('high');
      }
      expect(m.services![5]).toMatchObject({
        entityRef: idle.entityRef,
        noDataYet: true,
      });
      // pooled, the group deploys 5 days a week; its services do not
      expect(m.deploymentFrequency.count).toBe(20);
      expect(m.deploymentFrequency.medianDeployDaysPerWeek).toBe(1);
      expect(m.deploymentFrequency.level).toBe('high');
      expect(m.deploymentFrequency.servicesCounted).toBe(5);
      // lead times of service i are i + 1 hours: median of 1..5 h
      expect(m.services!.map(s => s.changeLeadTime.median)).toEqual([
        H,
        2 * H,
        3 * H,
        4 * H,
        5 * H,
        null,
      ]);
      expect(m.changeLeadTime.median).toBe(3 * H);
      expect(m.changeLeadTime.sampleSize).toBe(20);
      // failure rates 0, 1/4, 1/4, 1/4, 1/4: median 1/4, pooled 4 of 20
      expect(m.changeFailureRate.value).toBe(0.25);
      expect(m.changeFailureRate.numerator).toBe(4);
      expect(m.changeFailureRate.sampleSize).toBe(20);
      // recovery of services 1..4: 2, 3, 4 and 5 h (deployment to resolution)
      expect(m.failedDeploymentRecoveryTime.servicesCounted).toBe(4);
      expect(m.failedDeploymentRecoveryTime.median).toBe(3.5 * H);
      expect(m.services![0].failedDeploymentRecoveryTime.notEnoughData).toBe(
        true,
      );
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'two monorepo entities of one repository both keep their changes, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const mono = (name: string) =>
        service(name, { repository: 'acme/mono', path: `services/${name}` });
      const scopes = [mono('api'), mono('web')];
      const pr = (n: number, firstCommit: number, paths: string[]) =>
        store.storeChanges([
          {
            type: 'pull_request',
            repository: 'acme/mono',
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
      const f = fixtures(store, scopes[0]);
      await f.deploy('d0', { sha: 'base', at: -50 });
      await pr(1, 0, ['services/api/index.ts']);
      await pr(2, 2, ['services/web/app.tsx']);
      // names no service: it belongs to both entities
      await f.deploy('d1', { sha: 'mono2', at: 10 });
      const m = await metricsFor(store, 0, 24, scopes);
      expect(m.services!.map(s => s.changeLeadTime.sampleSize)).toEqual([1, 1]);
      expect(m.services!.map(s => s.changeLeadTime.median)).toEqual([
        10 * H,
        8 * H,
      ]);
      expect(m.services!.map(s => s.deploymentFrequency.count)).toEqual([1, 1]);
      expect(m.changeLeadTime.sampleSize).toBe(2);
      expect(m.changeLeadTime.median).toBe(9 * H);
      await store.db.destroy();
    },
  );
});
