import { eventsServiceFactory } from '@backstage/plugin-events-node';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { SchedulerService } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { createTestDatabases } from './__testUtils__/databases';
import { deliveryPlugin } from './plugin';

jest.setTimeout(120_000);

describe('deliveryPlugin with demo data', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'schedules the seeding, which fills the metrics of catalog services, %p',
    async id => {
      const knex = await databases.init(id);
      const tasks: Parameters<SchedulerService['scheduleTask']>[0][] = [];
      const scheduler = mockServices.scheduler.mock({
        scheduleTask: async task => {
          tasks.push(task);
        },
      });
      const { server } = await startTestBackend({
        features: [
          deliveryPlugin,
          eventsServiceFactory,
          scheduler.factory,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              delivery: {
                demoData: { enabled: true },
                // on by default; turned off on SQLite to see that only the seeding is scheduled
                metrics: { computeAhead: id !== 'SQLITE_3' },
              },
            },
          }),
          catalogServiceMock.factory({
            entities: [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: {
                  name: 'payments',
                  namespace: 'default',
                  annotations: {
                    'github.com/project-slug': 'acme/payments',
                    'launchpad.dev/demo-data': 'true',
                  },
                },
                spec: {
                  type: 'service',
                  owner: 'team',
                  lifecycle: 'production',
                },
              },
            ],
          }),
        ],
      });
      const seed = tasks.find(t => t.id === 'delivery-demo-data')!;
      const computeAhead = tasks.find(
        t => t.id === 'delivery-organisation-figures',
      );
      expect(seed.scope).toBe('global');
      // figures are cached per backend instance: each computes its own
      expect(computeAhead?.scope).toBe(id === 'SQLITE_3' ? undefined : 'local');
      const res = async () =>
        request(server)
          .get('/api/delivery/metrics')
          .set('Authorization', mockCredentials.user.header())
          .query({
            entityRef: 'component:default/payments',
            // this service's demo profile deploys about every six weeks
            from: new Date(Date.now() - 360 * 86_400_000).toISOString(),
          });
      expect((await res()).body.deploymentFrequency.count).toBe(0);
      await seed.fn(new AbortController().signal);
      await computeAhead?.fn(new AbortController().signal);
      const after = await res();
      expect(after.status).toBe(200);
      expect(after.body.deploymentFrequency.count).toBeGreaterThan(0);
      expect(after.body.changeLeadTime.sampleSize).toBeGreaterThan(0);
      const deployments = await knex('delivery_deployments').count({ n: '*' });
      // a second run (a restart) stores nothing twice
      await seed.fn(new AbortController().signal);
      expect(await knex('delivery_deployments').count({ n: '*' })).toEqual(
        deployments,
      );
      await knex.destroy();
    },
  );
});
