import { mockServices } from '@backstage/backend-test-utils';
import {
  createTestDatabases,
  createTestStore,
} from '../__testUtils__/databases';
import { component } from '../__testUtils__/testBackend';
import { example } from '../__testUtils__/webhooks';
import { CatalogRepositories } from './CatalogRepositories';
import { GithubWebhookSubscriber } from './GithubWebhookSubscriber';
import { WebhookDeliveries } from './WebhookDeliveries';

jest.setTimeout(60_000);

describe('GithubWebhookSubscriber', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'gives a delivery it could not store back, so that GitHub can redeliver it, and logs why, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const logger = mockServices.logger.mock();
      const repositories = {
        entitiesOf: async () => [
          component('svc', 'group:default/team-a', 'acme/svc'),
        ],
      } as unknown as CatalogRepositories;
      const subscriber = new GithubWebhookSubscriber({
        store,
        deliveries: new WebhookDeliveries(store.db),
        repositories,
        logger,
        incidentLabel: 'incident',
        deploymentWorkflows: [],
      });
      const delivery = {
        topic: 'github.deployment_status',
        eventPayload: example('deployment_status'),
        metadata: {
          'x-github-event': 'deployment_status',
          'x-github-delivery': 'flaky-1',
        },
      };
      jest
        .spyOn(store, 'storeDeployments')
        .mockRejectedValueOnce(new Error('the database is down'));

      await subscriber.onHandledEvent(delivery);
      expect(logger.error).toHaveBeenCalledWith(
        'GitHub webhook deployment_status (delivery flaky-1) was not stored: the database is down',
      );
      expect(await store.db('delivery_deployments')).toHaveLength(0);

      // GitHub's "Redeliver" of the same delivery
      await subscriber.onHandledEvent(delivery);
      expect(logger.info).toHaveBeenLastCalledWith(
        'GitHub webhook deployment_status (delivery flaky-1) of acme/svc: deployments 1 stored',
      );
      expect(await store.db('delivery_deployments')).toHaveLength(1);
      await store.db.destroy();
    },
  );
});
