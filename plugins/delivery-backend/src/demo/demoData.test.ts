import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { getDoraBenchmark } from '@internal/plugin-delivery-common';
import {
  createTestDatabases,
  createTestStore,
} from '../__testUtils__/databases';
import { DeliveryMetrics } from '../metrics/DeliveryMetrics';
import { readDeliveryConfig } from '../service/config';
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

const entity = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'github.com/project-slug': `demo/${name}` },
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

  it.each(databases.eachSupportedId())(
    'seeds every slugged component once, in four different levels, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const names = namesPerLevel();
      const catalog = catalogServiceMock({
        entities: [...names.values()].map(entity).concat({
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
});
