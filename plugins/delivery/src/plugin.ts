import { Entity } from '@backstage/catalog-model';
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ANNOTATION_GITHUB_PROJECT_SLUG } from '@internal/plugin-delivery-common';
import { DeliveryClient, deliveryApiRef } from './api';
import { healthRouteRef } from './components/health/routes';
import { pipelinesRouteRef } from './components/pipelines/routes';
import { organisationPageRouteRef, rootRouteRef } from './routes';

/** Whether the entity names the GitHub repository its delivery data comes from. */
export const isDeliveryAvailable = (entity: Entity): boolean =>
  Boolean(entity.metadata.annotations?.[ANNOTATION_GITHUB_PROJECT_SLUG]);

/** The delivery plugin for apps on the legacy frontend system. */
export const deliveryPlugin = createPlugin({
  id: 'delivery',
  apis: [
    createApiFactory({
      api: deliveryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeliveryClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    entityContent: rootRouteRef,
    organisation: organisationPageRouteRef,
  },
});

/** The Delivery tab for the legacy entity page: `<EntityLayout.Route path="/delivery" title="Delivery"><EntityDeliveryContent /></EntityLayout.Route>`. */
export const EntityDeliveryContent = deliveryPlugin.provide(
  createRoutableExtension({
    name: 'EntityDeliveryContent',
    component: () =>
      import('./components/DeliveryContent').then(m => m.DeliveryContent),
    mountPoint: rootRouteRef,
  }),
);

/** The rolled-up DORA figures of a group's services, for the legacy group page: `<EntityDeliveryRollupCard />`. */
export const EntityDeliveryRollupCard = deliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityDeliveryRollupCard',
    component: {
      lazy: () =>
        import('./components/DeliveryRollupCard').then(
          m => m.DeliveryRollupCard,
        ),
    },
  }),
);

/** Latest deployments, pipeline success and open incidents for the legacy component overview: `<EntityDeliveryOverviewCard />`. */
export const EntityDeliveryOverviewCard = deliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityDeliveryOverviewCard',
    component: {
      lazy: () =>
        import('./components/DeliveryOverviewCard').then(
          m => m.DeliveryOverviewCard,
        ),
    },
  }),
);

/** The Pipelines tab for the legacy entity page: `<EntityLayout.Route path="/pipelines" title="Pipelines" if={isDeliveryAvailable}><EntityPipelinesContent /></EntityLayout.Route>`. */
export const EntityPipelinesContent = deliveryPlugin.provide(
  createRoutableExtension({
    name: 'EntityPipelinesContent',
    component: () =>
      import('./components/pipelines/PipelinesContent').then(
        m => m.PipelinesContent,
      ),
    mountPoint: pipelinesRouteRef,
  }),
);

/** The newest pipeline runs for the legacy component overview: `<EntityRecentRunsCard limit={5} />`. */
export const EntityRecentRunsCard = deliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityRecentRunsCard',
    component: {
      lazy: () =>
        import('./components/pipelines/RecentRunsCard').then(
          m => m.RecentRunsCard,
        ),
    },
  }),
);

/** Every team and service with their figures and levels, for a legacy app's routes: `<Route path="/delivery" element={<DeliveryOrganisationPage />} />`. */
export const DeliveryOrganisationPage = deliveryPlugin.provide(
  createRoutableExtension({
    name: 'DeliveryOrganisationPage',
    component: () =>
      import('./components/organisation/OrganisationPage').then(
        m => m.OrganisationPage,
      ),
    mountPoint: organisationPageRouteRef,
  }),
);

/** The Health tab for the legacy entity page: `<EntityLayout.Route path="/health" title="Health" if={isDeliveryAvailable}><EntityHealthContent /></EntityLayout.Route>`. */
export const EntityHealthContent = deliveryPlugin.provide(
  createRoutableExtension({
    name: 'EntityHealthContent',
    component: () =>
      import('./components/health/HealthContent').then(m => m.HealthContent),
    mountPoint: healthRouteRef,
  }),
);

/** The health page in brief, for the top of a legacy component overview: `<EntityHealthSummaryCard />`. */
export const EntityHealthSummaryCard = deliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityHealthSummaryCard',
    component: {
      lazy: () =>
        import('./components/health/HealthSummaryCard').then(
          m => m.HealthSummaryCard,
        ),
    },
  }),
);

/** Owning group, its members, on-call, chat channel and escalation, for the legacy component overview: `<EntityOwnershipCard variant="gridItem" />`. */
export const EntityOwnershipCard = deliveryPlugin.provide(
  createComponentExtension({
    name: 'EntityOwnershipCard',
    component: {
      lazy: () =>
        import('./components/ownership/OwnershipCard').then(
          m => m.OwnershipCard,
        ),
    },
  }),
);
