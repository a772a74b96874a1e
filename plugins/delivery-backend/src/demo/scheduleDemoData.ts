import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_DEMO_DATA } from '@internal/plugin-delivery-common';
import { DeliveryStore } from '../database/DeliveryStore';
import { DeliveryConfig } from '../service/config';
import { MetricScope } from '../metrics/queries';
import { scopeOfEntity } from '../service/EntityResolver';
import { generateDemoHistory } from './generateDemoHistory';

export const DEMO_DATA_TASK_ID = 'delivery-demo-data';

/**
 * Seeds the demo history of the Components annotated
 * `launchpad.dev/demo-data: "true"` (the example services) that have a GitHub
 * slug; idempotent through natural keys. Services people create or register
 * never get fabricated figures, and the demo history an earlier version
 * generated for repositories no example service uses is deleted. Until the
 * catalog lists an example service, nothing is deleted: at startup the
 * catalog may not list anything yet.
 */
export async function seedDemoData(options: {
  catalog: CatalogService;
  auth: AuthService;
  store: DeliveryStore;
  logger: LoggerService;
  config: DeliveryConfig;
  now?: number;
  seeded?: Set<string>;
}): Promise<number> {
  const { catalog, auth, store, logger, config } = options;
  const now = options.now ?? Date.now();
  const day = Math.floor(now / 86_400_000);
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'Component',
        [`metadata.annotations.${ANNOTATION_DEMO_DATA}`]: 'true',
      },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    },
    { credentials: await auth.getOwnServiceCredentials() },
  );
  const scopes = items
    .map(entity => scopeOfEntity(entity, config.productionEnvironments))
    .filter((scope): scope is MetricScope => scope !== undefined);
  let seeded = 0;
  for (const scope of scopes) {
    const key = `${scope.entityRef}@${day}`;
    if (options.seeded?.has(key)) continue;
    const history = generateDemoHistory(scope, now);
    await store.storeAll(history);
    options.seeded?.add(key);
    seeded++;
    logger.info(
      `Seeded demo delivery history for ${scope.entityRef}: ${history.deployments.length} deployments, ${history.changes.length} changes, ${history.incidents.length} incidents`,
    );
  }
  if (scopes.length) {
    const cleaned = await store.deleteStaleDemoData({
      repositories: scopes.map(s => s.repository),
      entityRefs: scopes.map(s => s.entityRef),
    });
    if (cleaned.length)
      logger.info(
        `Deleted the demo delivery history of repositories no example service uses: ${cleaned.join(
          ', ',
        )}`,
      );
  }
  return seeded;
}

/**
 * Runs the seeding on a schedule: the catalog may not be ready at startup,
 * and a new day adds the day before it.
 */
export async function scheduleDemoData(options: {
  scheduler: SchedulerService;
  catalog: CatalogService;
  auth: AuthService;
  store: DeliveryStore;
  logger: LoggerService;
  config: DeliveryConfig;
}) {
  const seeded = new Set<string>();
  await options.scheduler.scheduleTask({
    id: DEMO_DATA_TASK_ID,
    frequency: { minutes: 5 },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 10 },
    scope: 'global',
    fn: async () => {
      try {
        await seedDemoData({ ...options, seeded });
      } catch (error) {
        options.logger.warn(`Demo delivery data not seeded yet: ${error}`);
      }
    },
  });
}
