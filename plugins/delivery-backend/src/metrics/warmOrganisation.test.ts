import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createTestDatabases,
  createTestStore,
} from '../__testUtils__/databases';
import { T0, fixtures } from '../__testUtils__/fixtures';
import { component } from '../__testUtils__/testBackend';
import { readDeliveryConfig } from '../service/config';
import { EntityResolver } from '../service/EntityResolver';
import { SharedFigures } from '../database/SharedFigures';
import { DeliveryMetrics } from './DeliveryMetrics';
import { OrganisationWarmer, defaultWindowRead } from './warmOrganisation';

const MINUTE = 60_000;
/** The one catalog service with delivery data. */
const SVC = {
  entityRef: 'component:default/svc',
  repository: 'acme/svc',
  workflows: [],
  productionEnvironments: ['production'],
};
const config = readDeliveryConfig(new ConfigReader({}));

describe('OrganisationWarmer', () => {
  const databases = createTestDatabases();

  const setup = async (
    entities = [
      component('svc', 'group:default/team-a', 'acme/svc'),
      component('other', 'group:default/team-b', 'acme/other'),
      component('noslug', 'group:default/team-a'),
    ],
    databaseId: Parameters<typeof databases.init>[0] = 'SQLITE_3',
  ) => {
    const store = await createTestStore(databases, databaseId);
    await fixtures(store, SVC).deploy('d1', { sha: 'a', at: -48 });
    const resolver = new EntityResolver(catalogServiceMock({ entities }), {
      productionEnvironments: ['production'],
      maxGroupServices: 100,
    });
    const shared = new SharedFigures(store.db);
    /** A backend process: its own figures in memory, the database's shared ones. */
    const startProcess = () => new DeliveryMetrics(store, { shared });
    const metrics = startProcess();
    const computations = jest.spyOn(store, 'runAnalytical');
    const warmer = new OrganisationWarmer({
      metrics,
      resolver,
      auth: mockServices.auth(),
      config,
      readRevisions: keys => store.readRevisions(keys),
    });
    /** The organisation's figures of the default window ending at `to`, as a reader of `process` gets them. */
    const read = async (to: number, process = metrics) => {
      const { scopes } = await resolver.organisation(
        await mockServices.auth().getOwnServiceCredentials(),
      );
      return process.metrics(defaultWindowRead(config, scopes, to));
    };
    return { store, warmer, computations, read, startProcess };
  };

  it.each([10_000, 40_000])(
    "computes this minute's and the next minute's window (%p ms into the minute), which readers then find computed",
    async offset => {
      const { store, warmer, computations, read } = await setup();
      await expect(warmer.run(T0 + offset)).resolves.toBe(2);
      expect(computations).toHaveBeenCalled();

      computations.mockClear();
      const current = await read(T0 + MINUTE);
      const next = await read(T0 + 2 * MINUTE);
      expect(computations).not.toHaveBeenCalled();
      expect(current.services?.map(s => s.entityRef)).toEqual([
        'component:default/svc',
        'component:default/other',
      ]);
      expect(current.deploymentFrequency.count).toBe(1);
      expect(next.deploymentFrequency.count).toBe(1);

      await read(T0 + 3 * MINUTE);
      expect(computations).toHaveBeenCalled();
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'shares the figures it computed: another replica, or the next process, reads them without computing them while no write changed them, %p',
    async databaseId => {
      const { store, warmer, computations, read, startProcess } = await setup(
        undefined,
        databaseId,
      );
      await warmer.run(T0 + 40_000);
      const computed = await read(T0 + 2 * MINUTE);

      const next = startProcess();
      computations.mockClear();
      expect(await read(T0 + MINUTE, next)).toEqual(await read(T0 + MINUTE));
      expect(await read(T0 + 2 * MINUTE, next)).toEqual(computed);
      expect(computations).not.toHaveBeenCalled();
      expect(computed.deploymentFrequency.count).toBe(1);

      await fixtures(store, SVC).deploy('d2', { sha: 'b', at: -24 });
      const afterWrite = await read(T0 + 2 * MINUTE, startProcess());
      expect(computations).toHaveBeenCalled();
      expect(afterWrite.deploymentFrequency.count).toBe(2);
      await store.db.destroy();
    },
  );

  it('leaves a service written to since the previous run to its readers, and computes it ahead once quiet', async () => {
    const { store, warmer, computations, read } = await setup();
    await expect(warmer.run(T0 + 10_000)).resolves.toBe(2);
    await fixtures(store, SVC).deploy('d2', { sha: 'b', at: -24 });
    computations.mockClear();
    await expect(warmer.run(T0 + 20_000)).resolves.toBe(1);
    expect(computations).not.toHaveBeenCalled();

    await expect(warmer.run(T0 + 30_000 - 1)).resolves.toBe(2);
    // the service written to, in each of the two windows
    expect(computations).toHaveBeenCalledTimes(2);
    computations.mockClear();
    expect((await read(T0 + MINUTE)).deploymentFrequency.count).toBe(2);
    expect(computations).not.toHaveBeenCalled();
    await store.db.destroy();
  });

  it('computes the quiet services ahead while another is written to, and the organisation once all are quiet', async () => {
    const { store, warmer, computations, read } = await setup([
      component('svc', 'group:default/team-a', 'acme/svc'),
      component('other', 'group:default/team-b', 'acme/other'),
    ]);
    const other = fixtures(store, { ...SVC, repository: 'acme/other' });
    await warmer.run(T0 + 10_000);
    await other.deploy('o1', { sha: 'c', at: -30 });
    await fixtures(store, SVC).deploy('d2', { sha: 'b', at: -24 });
    await warmer.run(T0 + 15_000);
    await other.deploy('o2', { sha: 'd', at: -20 });
    computations.mockClear();
    await expect(warmer.run(T0 + 20_000)).resolves.toBe(1);
    // the quiet service, in each of the two windows
    expect(computations).toHaveBeenCalledTimes(2);

    computations.mockClear();
    const figures = await read(T0 + MINUTE);
    expect(figures.services?.map(s => s.deploymentFrequency.count)).toEqual([
      2, 2,
    ]);
    // only the service written to since is computed for the reader
    expect(computations).toHaveBeenCalledTimes(1);
    await other.deploy('o3', { sha: 'e', at: -10 });
    await warmer.run(T0 + 25_000);
    computations.mockClear();
    await expect(warmer.run(T0 + 29_000)).resolves.toBe(2);
    expect(computations).toHaveBeenCalledTimes(2);
    computations.mockClear();
    expect((await read(T0 + MINUTE)).deploymentFrequency.count).toBe(5);
    expect(computations).not.toHaveBeenCalled();
    await store.db.destroy();
  });

  it('leaves every service to its readers after an incident was written', async () => {
    const { store, warmer, computations } = await setup();
    await warmer.run(T0 + 10_000);
    await fixtures(store, SVC).incident('i1', { start: -10, resolve: -5 });
    computations.mockClear();
    await expect(warmer.run(T0 + 20_000)).resolves.toBe(0);
    expect(computations).not.toHaveBeenCalled();
    await store.db.destroy();
  });

  it('computes nothing when the catalog has no service with a repository', async () => {
    const { store, warmer, computations } = await setup([
      component('noslug', 'group:default/team-a'),
    ]);
    await expect(warmer.run(T0)).resolves.toBe(0);
    expect(computations).not.toHaveBeenCalled();
    await store.db.destroy();
  });
});
