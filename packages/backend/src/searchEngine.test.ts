import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import searchPlugin from '@backstage/plugin-search-backend';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { searchModuleEngine } from './searchEngine';

jest.setTimeout(60_000);

let searchScheduler: SchedulerService | undefined;

/** A catalog with one component, and TechDocs before any docs were built. */
const collators = createBackendModule({
  pluginId: 'search',
  moduleId: 'test-collators',
  register(reg) {
    reg.registerInit({
      deps: {
        registry: searchIndexRegistryExtensionPoint,
        scheduler: coreServices.scheduler,
      },
      async init({ registry, scheduler }) {
        searchScheduler = scheduler;
        const add = (type: string, documents: object[]) =>
          registry.addCollator({
            schedule: scheduler.createScheduledTaskRunner({
              frequency: { minutes: 10 },
              timeout: { minutes: 1 },
            }),
            factory: {
              type,
              getCollator: async () => Readable.from(documents),
            },
          });
        add('software-catalog', [
          {
            title: 'payments-api',
            text: 'Takes card and wallet payments at checkout',
            location: '/catalog/default/component/payments-api',
          },
        ]);
        add('techdocs', []);
      },
    });
  },
});

const baseUrl = (server: Server) =>
  `http://localhost:${(server.address() as AddressInfo).port}`;

describe('searchModuleEngine', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_15'],
  });

  async function startSearch(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    const { server } = await startTestBackend({
      features: [
        searchPlugin,
        searchModuleEngine,
        collators,
        mockServices.database.factory({ knex }),
      ],
    });
    return server;
  }

  it.each(databases.eachSupportedId())(
    'answers a type without documents with no results on %p',
    async databaseId => {
      const server = await startSearch(databaseId);
      const response = await fetch(
        `${baseUrl(server)}/api/search/query?term=payments&types[0]=techdocs`,
      );
      expect(response.status).toBe(200);
      expect((await response.json()).results).toEqual([]);
    },
  );

  it('still finds the documents of the types that have some', async () => {
    const server = await startSearch('SQLITE_3');
    for (const task of await searchScheduler!.getScheduledTasks()) {
      await searchScheduler!.triggerTask(task.id);
    }
    const response = await fetch(
      `${baseUrl(
        server,
      )}/api/search/query?term=payments&types[0]=software-catalog&types[1]=techdocs`,
    );
    expect(response.status).toBe(200);
    expect((await response.json()).results).toEqual([
      expect.objectContaining({
        type: 'software-catalog',
        document: expect.objectContaining({ title: 'payments-api' }),
      }),
    ]);
  });
});
