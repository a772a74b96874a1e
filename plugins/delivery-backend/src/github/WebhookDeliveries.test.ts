import {
  createTestDatabases,
  createTestStore,
} from '../__testUtils__/databases';
import { DELIVERY_RETENTION_MS, WebhookDeliveries } from './WebhookDeliveries';

jest.setTimeout(60_000);

describe('WebhookDeliveries', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'claims a delivery id once, gives a failed one back, forgets ids beyond the redelivery window, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const now = Date.now();
      const deliveries = new WebhookDeliveries(store.db);
      expect(await deliveries.claim('a', 'push', now)).toBe(true);
      expect(await deliveries.claim('a', 'push', now)).toBe(false);
      // another replica shares the table
      expect(
        await new WebhookDeliveries(store.db).claim('a', 'push', now),
      ).toBe(false);
      await deliveries.release('a');
      expect(await deliveries.claim('a', 'push', now)).toBe(true);

      // a week later (a new process prunes at its first claim)
      await new WebhookDeliveries(store.db).claim(
        'b',
        'issues',
        now + DELIVERY_RETENTION_MS / 2,
      );
      await new WebhookDeliveries(store.db).claim(
        'c',
        'issues',
        now + DELIVERY_RETENTION_MS + 1,
      );
      expect(
        (
          await store
            .db('delivery_github_webhook_deliveries')
            .orderBy('delivery_id')
        ).map(r => r.delivery_id),
      ).toEqual(['b', 'c']);
      await store.db.destroy();
    },
  );
});
