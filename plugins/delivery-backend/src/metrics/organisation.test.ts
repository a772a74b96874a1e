import {
  createTestDatabases,
  createTestStore,
} from '../__testUtils__/databases';
import { SCOPE, at, fixtures, metricsFor } from '../__testUtils__/fixtures';
import { incidentEventSchema } from '../service/schemas';
import { MetricScope } from './queries';

jest.setTimeout(120_000);

const scopeOf = (i: number): MetricScope => ({
  ...SCOPE,
  entityRef: `component:default/svc-${i}`,
  repository: `acme/svc-${i}`,
});

describe('metrics of many services', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'give each service the figures it has alone, however the services are split into statements, %p',
    async id => {
      const store = await createTestStore(databases, id);
      // more services than one statement reads on PostgreSQL; data at both
      // ends and around the chunk boundaries
      const scopes = Array.from({ length: 520 }, (_, i) => scopeOf(i));
      const withData = [0, 249, 250, 251, 499, 500, 519];
      for (const [k, i] of withData.entries()) {
        const f = fixtures(store, scopes[i]);
        for (let d = 0; d <= k; d++)
          await f.deploy(`d${i}-${d}`, { sha: `s${i}-${d}`, at: 1 + d * 24 });
        await f.incident(`i${i}`, { start: 2, resolve: 3 + k });
      }
      const all = await metricsFor(store, 0, 28 * 24, scopes);
      expect(all.services).toHaveLength(scopes.length);
      for (const [k, i] of withData.entries()) {
        const alone = await metricsFor(store, 0, 28 * 24, [scopes[i]]);
        const { entityRef, noDataYet, ...figures } = all.services![i];
        expect(entityRef).toBe(scopes[i].entityRef);
        expect(noDataYet).toBe(false);
        expect(figures).toEqual(
          expect.objectContaining({
            deploymentFrequency: alone.deploymentFrequency,
            changeLeadTime: alone.changeLeadTime,
            timeToRestoreService: alone.timeToRestoreService,
          }),
        );
        expect(figures.deploymentFrequency.count).toBe(k + 1);
      }
      expect(all.services!.filter(s => !s.noDataYet)).toHaveLength(
        withData.length,
      );
      expect(all.deploymentFrequency.count).toBe(
        withData.reduce((n, _, k) => n + k + 1, 0),
      );
      expect(all.timeToRestoreService.openIncidents).toEqual([]);
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'report the newest event and whether incidents are recorded for the services read, in any statement, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const scopes = Array.from({ length: 520 }, (_, i) => scopeOf(i));
      const newestOf = async (repositories: string[]) => {
        const row = await store
          .db('delivery_deployments')
          .max({ newest: 'updated_at' })
          .whereIn('repository', repositories)
          .first();
        return new Date(Number(row!.newest)).toISOString();
      };
      const incident = (externalId: string, o: object) =>
        store.storeIncidents([
          incidentEventSchema.parse({ externalId, startedAt: at(2), ...o }),
        ]);

      await fixtures(store, scopes[3]).deploy('a', { sha: 'a', at: 1 });
      await fixtures(store, scopes[510]).deploy('b', { sha: 'b', at: 2 });
      // neither read: another repository, and another entity of one read
      await fixtures(store, scopeOf(9999)).deploy('c', { sha: 'c', at: 3 });
      await incident('other', { entityRef: scopeOf(9999).entityRef });

      const all = await metricsFor(store, 0, 24, scopes);
      expect(all.dataQuality.newestEventAt).toBe(
        await newestOf([scopes[3].repository, scopes[510].repository]),
      );
      expect(all.dataQuality.incidentsConfigured).toBe(false);
      const one = await metricsFor(store, 0, 24, [scopes[3]]);
      expect(one.dataQuality.newestEventAt).toBe(
        await newestOf([scopes[3].repository]),
      );
      expect(
        (await metricsFor(store, 0, 24, [scopes[4]])).dataQuality.newestEventAt,
      ).toBeNull();

      // an incident with only a repository names the services of it
      await incident('by-repository', { repository: scopes[505].repository });
      expect(
        (await metricsFor(store, 0, 24, scopes)).dataQuality
          .incidentsConfigured,
      ).toBe(true);
      expect(
        (await metricsFor(store, 0, 24, [scopes[3]])).dataQuality
          .incidentsConfigured,
      ).toBe(false);
      await incident('by-entity', { entityRef: scopes[3].entityRef });
      expect(
        (await metricsFor(store, 0, 24, [scopes[3]])).dataQuality
          .incidentsConfigured,
      ).toBe(true);
      await store.db.destroy();
    },
  );
});
