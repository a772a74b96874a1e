import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { deliveryPlugin } from '../plugin';
import { FakeGithub, TOKEN, sha } from './__testUtils__/fakeGithub';
import { GITHUB_SYNC_TASK_ID } from './scheduleGithubSync';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const NOW = Math.floor(Date.now() / 1000) * 1000;

const component = (name: string, slug: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'github.com/project-slug': slug },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
});

// the backend under test is reached over HTTP too: only GitHub is faked
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('GitHub sync in the delivery plugin', () => {
  const databases = createTestDatabases();

  async function start(
    id: Parameters<TestDatabases['init']>[0],
    sync?: object,
  ) {
    const knex = await databases.init(id);
    const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: async task => {
        tasks.push(task);
      },
    });
    const { server: backend } = await startTestBackend({
      features: [
        deliveryPlugin,
        eventsServiceFactory,
        scheduler.factory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            integrations: { github: [{ host: 'github.com', token: TOKEN }] },
            delivery: { github: sync ? { sync } : {} },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            component('big', 'acme/big'),
            component('secret', 'acme/secret'),
          ],
        }),
      ],
    });
    return { backend, tasks };
  }

  it.each(databases.eachSupportedId())(
    'schedules the sync (global scope) and reports per entity and resource how far it came; %p',
    async id => {
      const github = new FakeGithub();
      server.use(...github.handlers);
      const big = github.repository('acme/big');
      for (let i = 0; i < 250; i++) {
        big.addRun({ id: i + 1, sha: sha(`r${i}`), at: NOW - i * HOUR });
      }
      github.repository('acme/secret');
      github.denied.add('acme/secret');
      const { backend, tasks } = await start(id, {
        schedule: { frequency: { minutes: 5 }, timeout: { minutes: 30 } },
      });
      const task = tasks.find(t => t.id === GITHUB_SYNC_TASK_ID)!;
      expect(task).toMatchObject({ scope: 'global' });

      // killed while reading the second page of runs, which it finishes
      const controller = new AbortController();
      github.fault = path => {
        if (path.includes('actions/runs') && path.includes('page=2')) {
          controller.abort();
        }
        return undefined;
      };
      await expect(task.fn(controller.signal)).rejects.toThrow();

      const during = await request(backend).get(
        '/api/delivery/sync-status?entityRef=component:default/big',
      );
      expect(during.status).toBe(200);
      expect(during.body).toMatchObject({
        enabled: true,
        entities: [
          {
            entityRef: 'component:default/big',
            repository: 'acme/big',
            host: 'github.com',
            resources: [
              {
                resource: 'deployments',
                backfill: { complete: true, progress: 'complete' },
                lastError: null,
              },
              {
                resource: 'workflowRuns',
                lastSyncedAt: null,
                backfill: {
                  complete: false,
                  pagesDone: 2,
                  pagesTotal: 3,
                  progress: '2 of 3 pages',
                },
              },
              { resource: 'pullRequests', lastSyncedAt: null },
              { resource: 'incidents', lastSyncedAt: null },
            ],
          },
        ],
      });

      github.fault = undefined;
      await task.fn(new AbortController().signal);

      const after = await request(backend).get('/api/delivery/sync-status');
      expect(after.status).toBe(200);
      const [bigStatus, secretStatus] = after.body.entities;
      expect(
        bigStatus.resources.map((r: any) => [r.resource, r.backfill.progress]),
      ).toEqual([
        ['deployments', 'complete'],
        ['workflowRuns', 'complete'],
        ['pullRequests', 'complete'],
        ['incidents', 'complete'],
      ]);
      expect(bigStatus.rateLimit).toMatchObject({
        limit: 5000,
        remaining: expect.any(Number),
      });
      expect(secretStatus.entityRef).toBe('component:default/secret');
      for (const resource of secretStatus.resources) {
        expect(resource.lastError.message).toMatch(
          /^GitHub answered 404 to GET \/repos\/acme\/secret\/.+: the credentials for github.com cannot read acme\/secret, or it does not exist$/,
        );
      }
      expect(JSON.stringify(after.body)).not.toContain(TOKEN);
    },
  );

  it.each(databases.eachSupportedId())(
    'is off without a schedule, and the status names a bad query field; %p',
    async id => {
      const { backend, tasks } = await start(id);
      expect(tasks.map(t => t.id)).not.toContain(GITHUB_SYNC_TASK_ID);

      const status = await request(backend).get(
        '/api/delivery/sync-status?entityRef=component:default/big',
      );
      expect(status.body).toMatchObject({
        enabled: false,
        entities: [
          {
            host: null,
            rateLimit: null,
            resources: expect.arrayContaining([
              expect.objectContaining({
                lastSyncedAt: null,
                backfill: expect.objectContaining({ progress: '0 of ? pages' }),
              }),
            ]),
          },
        ],
      });

      const bad = await request(backend).get(
        '/api/delivery/sync-status?entity=component:default/big',
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/entity/);
      const missing = await request(backend).get(
        '/api/delivery/sync-status?entityRef=component:default/nope',
      );
      expect(missing.status).toBe(404);
    },
  );
});
