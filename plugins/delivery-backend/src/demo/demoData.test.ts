import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ANNOTATION_DEMO_DATA,
  getDoraBenchmark,
} from '@internal/plugin-delivery-common';
import {
  createTestDatabases,
  createTestStore,
} from '../__testUtils__/databases';
import { DeliveryMetrics } from '../metrics/DeliveryMetrics';
import { readDeliveryConfig } from '../service/config';
import { changeEventSchema, deploymentEventSchema } from '../service/schemas';
import { scopeOfEntity } from '../service/EntityResolver';
import { generateDemoHistory, profileOf } from './generateDemoHistory';
import { seedDemoData } from './scheduleDemoData';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-20T15:30:00Z');

/** The first names `service-N` whose profiles are elite, high, medium and low. */
function namesPerLevel() {
  const found = new Map<string, string>();
  for (let i = 0; found.size < 4; i++) {
    const name = `service-${i}`;
    const level = profileOf(`component:default/${name}`).level;
    if (!found.has(level)) found.set(level, name);
  }
  return found;
}

/** A component with a GitHub repository, an example service unless `demo` is false. */
const entity = (name: string, demo = true): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'github.com/project-slug': `demo/${name}`,
      ...(demo ? { [ANNOTATION_DEMO_DATA]: 'true' } : {}),
    },
  },
  spec: {
    type: 'service',
    owner: 'group:default/team',
    lifecycle: 'production',
  },
});

describe('demo data', () => {
  const databases = createTestDatabases();

  it('is deterministic for a given day and anchored to day boundaries', () => {
    const scope = scopeOfEntity(entity('service-0'), ['production'])!;
    const a = generateDemoHistory(scope, NOW);
    const b = generateDemoHistory(scope, NOW + 3 * 3_600_000);
    expect(JSON.stringify(a)).toEqual(JSON.stringify(b));
    // the next day keeps the same events for the days both cover
    const next = generateDemoHistory(scope, NOW + DAY);
    const ids = new Set(next.deployments.map(d => d.externalId));
    const shared = a.deployments.filter(d => ids.has(d.externalId));
    expect(shared.length).toBeGreaterThan(a.deployments.length * 0.9);
    const nextById = new Map(next.deployments.map(d => [d.externalId, d]));
    for (const d of shared) expect(nextById.get(d.externalId)).toEqual(d);
  });

  it('names hotfix branches and pull requests in words, not after an incident id', () => {
    const scope = scopeOfEntity(entity('service-0'), ['production'])!;
    const history = generateDemoHistory(scope, NOW);
    const hotfixes = history.deployments.filter(d => d.hotfix);
    expect(hotfixes.length).toBeGreaterThan(0);
    const incidentIds = history.incidents.map(i => i.externalId);
    for (const d of hotfixes) {
      expect(d.ref).toMatch(/^hotfix\/errors-after-\d{4}-\d{2}-\d{2}$/);
    }
    for (const c of history.changes) {
      const named = `${c.type === 'pull_request' ? c.title : ''}`;
      for (const id of incidentIds) expect(named).not.toContain(id);
    }
  });

  it('gives pull requests titles in words, varied, that do not repeat their number', () => {
    const scope = scopeOfEntity(entity('service-0'), ['production'])!;
    const pullRequests = generateDemoHistory(scope, NOW).changes.flatMap(c =>
      c.type === 'pull_request' ? [c] : [],
    );
    expect(pullRequests.length).toBeGreaterThan(20);
    for (const pr of pullRequests) {
      expect(pr.title).toMatch(/^[A-Z][a-z]+ /);
      expect(pr.title).not.toContain(String(pr.number));
    }
    const titles = new Set(pullRequests.map(pr => pr.title));
    expect(titles.size).toBeGreaterThan(10);
  });

  it('rolls back to the release before the failed deployment', () => {
    const production = (d: { environment: string; status: string }) =>
      d.environment === 'production' && d.status === 'success';
    const rollbacks = [...namesPerLevel().values()].flatMap(name => {
      const history = generateDemoHistory(
        scopeOfEntity(entity(name), ['production'])!,
        NOW,
      );
      const releases = history.deployments
        .filter(production)
        .sort((a, b) => Date.parse(a.finishedAt!) - Date.parse(b.finishedAt!));
      return releases.flatMap((d, i) =>
        d.rollback
          ? [{ rollback: d, failed: releases[i - 1], before: releases[i - 2] }]
          : [],
      );
    });
    expect(rollbacks.length).toBeGreaterThan(0);
    for (const { rollback, failed, before } of rollbacks) {
      expect(rollback.sha).not.toBe(failed.sha);
      expect(rollback.sha).toBe(before.sha);
    }
  });

  it.each(databases.eachSupportedId())(
    'seeds every example component once, in four different levels, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const names = namesPerLevel();
      const catalog = catalogServiceMock({
        entities: [...names.values()]
          .map(name => entity(name))
          .concat({
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'no-slug', namespace: 'default' },
            spec: {},
          }),
      });
      const config = readDeliveryConfig(mockServices.rootConfig({ data: {} }));
      const options = {
        catalog,
        auth: mockServices.auth(),
        store,
        logger: mockServices.logger.mock(),
        config,
        now: NOW,
      };
      expect(await seedDemoData(options)).toBe(4);
      const count = async () =>
        Number((await store.db('delivery_deployments').count({ n: '*' }))[0].n);
      const before = await count();
      expect(before).toBeGreaterThan(100);
      // a restart seeds again: nothing is duplicated
      await seedDemoData(options);
      expect(await count()).toBe(before);

      const end = Math.floor(NOW / DAY) * DAY;
      const levels: Record<string, unknown> = {};
      for (const [level, name] of names) {
        const m = await new DeliveryMetrics(store).metrics({
          scopes: [scopeOfEntity(entity(name), config.productionEnvironments)!],
          from: end - 90 * DAY,
          to: end,
          benchmark: getDoraBenchmark()!,
          minimumSampleSize: 1,
          attributionWindowMs: DAY,
        });
        levels[level] = {
          deploymentFrequency: m.deploymentFrequency.level,
          changeLeadTime: m.changeLeadTime.level,
        };
        expect(m.changeLeadTime.sampleSize).toBeGreaterThan(0);
      }
      expect(levels).toEqual({
        elite: { deploymentFrequency: 'elite', changeLeadTime: 'elite' },
        high: { deploymentFrequency: 'high', changeLeadTime: 'high' },
        medium: { deploymentFrequency: 'medium', changeLeadTime: 'medium' },
        low: { deploymentFrequency: 'low', changeLeadTime: 'low' },
      });
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'gives no data to components without the demo-data annotation, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const notDemo = (name: string, value?: string): Entity => {
        const e = entity(name, false);
        if (value !== undefined)
          e.metadata.annotations![ANNOTATION_DEMO_DATA] = value;
        return e;
      };
      const catalog = catalogServiceMock({
        entities: [
          entity('example-service'),
          // created from the template or registered: a real repository
          notDemo('created-service'),
          notDemo('opted-out-service', 'false'),
        ],
      });
      const config = readDeliveryConfig(mockServices.rootConfig({ data: {} }));
      const seeded = await seedDemoData({
        catalog,
        auth: mockServices.auth(),
        store,
        logger: mockServices.logger.mock(),
        config,
        now: NOW,
      });

      expect(seeded).toBe(1);
      const perRepository = async (table: string) => {
        const rows: Array<{ repository: string; n: number | string }> =
          await store
            .db(table)
            .select('repository')
            .count({ n: '*' })
            .groupBy('repository');
        return Object.fromEntries(rows.map(r => [r.repository, Number(r.n)]));
      };
      for (const table of [
        'delivery_deployments',
        'delivery_pull_requests',
        'delivery_pipeline_runs',
      ]) {
        const counts = await perRepository(table);
        expect(Object.keys(counts)).toEqual(['demo/example-service']);
        expect(counts['demo/example-service']).toBeGreaterThan(10);
      }
      const incidents = await store
        .db('delivery_incidents')
        .distinct('entity_ref');
      expect(incidents.map(r => r.entity_ref)).toEqual([
        'component:default/example-service',
      ]);

      const end = Math.floor(NOW / DAY) * DAY;
      const m = await new DeliveryMetrics(store).metrics({
        scopes: [
          scopeOfEntity(
            notDemo('created-service'),
            config.productionEnvironments,
          )!,
        ],
        from: end - 30 * DAY,
        to: end,
        benchmark: getDoraBenchmark()!,
        minimumSampleSize: 1,
        attributionWindowMs: DAY,
      });
      expect(m.deploymentFrequency.count).toBe(0);
      expect(m.dataQuality.newestEventAt).toBeNull();
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'deletes the demo history of a repository no example service uses any more, keeping its recorded events, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const config = readDeliveryConfig(mockServices.rootConfig({ data: {} }));
      const seed = (entities: Entity[]) =>
        seedDemoData({
          catalog: catalogServiceMock({ entities }),
          auth: mockServices.auth(),
          store,
          logger: mockServices.logger.mock(),
          config,
          now: NOW,
        });
      // an earlier version seeded all three; 'registered' is a real repository
      expect(
        await seed([entity('kept'), entity('registered'), entity('gone')]),
      ).toBe(3);
      const recordedAt = new Date(NOW).toISOString();
      await store.storeChanges([
        changeEventSchema.parse({
          type: 'pull_request',
          repository: 'demo/registered',
          number: 1,
          mergedAt: recordedAt,
          mergeCommitSha: 'f'.repeat(40),
          commits: [{ sha: 'e'.repeat(40), authoredAt: recordedAt }],
        }),
      ]);
      await store.storeDeployments([
        deploymentEventSchema.parse({
          externalId: 'real-1',
          repository: 'demo/registered',
          environment: 'production',
          sha: 'f'.repeat(40),
          status: 'success',
          finishedAt: recordedAt,
        }),
      ]);
      const rows = async (table: string, repository: string) =>
        Number(
          (await store.db(table).where({ repository }).count({ n: '*' }))[0].n,
        );
      const tables = [
        'delivery_deployments',
        'delivery_pipeline_runs',
        'delivery_pull_requests',
        'delivery_commits',
        'delivery_changes',
      ];
      const kept = Object.fromEntries(
        await Promise.all(
          tables.map(async t => [t, await rows(t, 'demo/kept')]),
        ),
      );
      expect(
        await rows('delivery_deployments', 'demo/registered'),
      ).toBeGreaterThan(10);

      // now the catalog annotates only 'kept' as an example service
      await seed([
        entity('kept'),
        entity('registered', false),
        entity('gone', false),
      ]);
      const newestEventAt = async (name: string) =>
        (
          await new DeliveryMetrics(store, { cache: false }).metrics({
            scopes: [
              scopeOfEntity(
                entity(name, false),
                config.productionEnvironments,
              )!,
            ],
            from: NOW - 30 * DAY,
            to: NOW,
            benchmark: getDoraBenchmark()!,
            minimumSampleSize: 1,
            attributionWindowMs: DAY,
          })
        ).dataQuality.newestEventAt;
      const realUpdatedAt = await store
        .db('delivery_deployments')
        .where({ external_id: 'real-1' })
        .first('updated_at');
      expect(await newestEventAt('registered')).toBe(
        new Date(Number(realUpdatedAt.updated_at)).toISOString(),
      );
      expect(await newestEventAt('gone')).toBeNull();

      for (const table of tables) {
        expect(await rows(table, 'demo/kept')).toBe(kept[table]);
      }
      expect(
        await store
          .db('delivery_deployments')
          .where({ repository: 'demo/registered' })
          .pluck('external_id'),
      ).toEqual(['real-1']);
      expect(await rows('delivery_pipeline_runs', 'demo/registered')).toBe(0);
      expect(
        await store
          .db('delivery_pull_requests')
          .where({ repository: 'demo/registered' })
          .pluck('number'),
      ).toEqual([1]);
      expect(
        await store
          .db('delivery_commits')
          .where({ repository: 'demo/registered' })
          .pluck('sha'),
      ).toEqual(['e'.repeat(40)]);
      expect(
        await store
          .db('delivery_changes')
          .where({ repository: 'demo/registered' })
          .pluck('change_key'),
      ).toEqual(['pr:1']);
      expect(
        await store.db('delivery_incidents').distinct('entity_ref'),
      ).toEqual([{ entity_ref: 'component:default/kept' }]);
      expect(await rows('delivery_deployments', 'demo/gone')).toBe(0);
      await store.db.destroy();
    },
  );
});
