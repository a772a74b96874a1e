import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { deliveryPermissions } from '@internal/plugin-delivery-common';
import { DeliveryStore } from './database/DeliveryStore';
import { readHealthConfig } from './health/healthConfig';
import { createHealthRouter } from './health/healthRouter';
import { scheduleDemoData } from './demo/scheduleDemoData';
import { CatalogRepositories } from './github/CatalogRepositories';
import { GithubWebhookSubscriber } from './github/GithubWebhookSubscriber';
import { WebhookDeliveries } from './github/WebhookDeliveries';
import { DeliveryMetrics } from './metrics/DeliveryMetrics';
import { SharedFigures } from './database/SharedFigures';
import { scheduleOrganisationWarming } from './metrics/warmOrganisation';
import { createRouter } from './router';
import { readDeliveryConfig } from './service/config';
import { EntityResolver } from './service/EntityResolver';
import { scheduleGithubSync } from './sync/scheduleGithubSync';
import { readSyncConfig } from './sync/syncConfig';
import { createSyncStatusRouter } from './sync/syncStatusRouter';
import { SyncStateStore } from './sync/SyncStateStore';

/**
 * The delivery backend plugin: events API, GitHub webhooks and sync,
 * storage and DORA metrics.
 *
 * @public
 */
export const deliveryPlugin = createBackendPlugin({
  pluginId: 'delivery',
  register(env) {
    env.registerInit({
      deps: {
        rootConfig: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
      },
      async init({
        rootConfig,
        logger,
        database,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        scheduler,
        catalog,
        events,
      }) {
        const config = readDeliveryConfig(rootConfig);
        const syncConfig = readSyncConfig(rootConfig);
        permissionsRegistry.addPermissions(deliveryPermissions);
        const store = await DeliveryStore.create({ database });
        // the plugin's other tables, in the database the store migrated
        const db = await database.getClient();
        const syncState = new SyncStateStore(db);
        const resolver = new EntityResolver(catalog, config);
        const metrics = new DeliveryMetrics(store, {
          shared: new SharedFigures(db),
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            store,
            metrics,
            resolver,
            config,
          }),
        );
        if (config.computeAhead) {
          await scheduleOrganisationWarming({
            scheduler,
            logger,
            metrics,
            resolver,
            auth,
            config,
            readRevisions: keys => store.readRevisions(keys),
          });
        }
        httpRouter.use(
          createHealthRouter({
            httpAuth,
            catalog,
            store,
            config,
            health: readHealthConfig(rootConfig),
          }),
        );
        httpRouter.use(
          createSyncStatusRouter({
            httpAuth,
            resolver,
            state: syncState,
            enabled: syncConfig.schedule !== undefined,
          }),
        );
        await scheduleGithubSync({
          scheduler,
          catalog,
          auth,
          rootConfig,
          store,
          state: syncState,
          logger,
          config: syncConfig,
        });
        // signed GitHub webhooks, from the events backend's HTTP ingress
        await new GithubWebhookSubscriber({
          store,
          deliveries: new WebhookDeliveries(db),
          repositories: new CatalogRepositories(catalog, auth),
          logger,
          incidentLabel: config.github.incidentLabel,
          deploymentWorkflows: syncConfig.deploymentWorkflows,
        }).subscribe(events);
        if (config.demoDataEnabled) {
          await scheduleDemoData({
            scheduler,
            catalog,
            auth,
            store,
            logger,
            config,
          });
        }
      },
    });
  },
});
