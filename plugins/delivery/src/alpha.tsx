import { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { DeliveryClient, deliveryApiRef } from './api';
import { DeliveryIcon } from './components/organisation/DeliveryIcon';
import { optionalCardVariant, optionalWholeNumber } from './extensionConfig';
import { isDeliveryAvailable } from './plugin';

const isDeliveryComponent = (entity: Entity) =>
  entity.kind.toLowerCase() === 'component' && isDeliveryAvailable(entity);

/** @alpha */
export const deliveryApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: deliveryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeliveryClient({ discoveryApi, fetchApi }),
    }),
});

/** @alpha The Delivery tab of components with a GitHub repository, the only ones delivery data can exist for. */
export const entityDeliveryContent = EntityContentBlueprint.make({
  params: {
    path: 'delivery',
    title: 'Delivery',
    filter: isDeliveryComponent,
    loader: () =>
      import('./components/DeliveryContent').then(m => <m.DeliveryContent />),
  },
});

/** @alpha The rolled-up DORA figures of a group's services, on group pages. */
export const entityDeliveryRollupCard = EntityCardBlueprint.makeWithOverrides({
  name: 'rollup',
  configSchema: {
    windowDays: optionalWholeNumber(1, 400),
    variant: optionalCardVariant,
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: 'kind:group',
      loader: () =>
        import('./components/DeliveryRollupCard').then(m => (
          <m.DeliveryRollupCard
            windowDays={config.windowDays}
            variant={config.variant}
          />
        )),
    });
  },
});

/** @alpha Latest deployments, pipeline success and open incidents, on the overview of components with a GitHub repository. */
export const entityDeliveryOverviewCard = EntityCardBlueprint.makeWithOverrides(
  {
    name: 'overview',
    configSchema: {
      windowDays: optionalWholeNumber(1, 400),
      variant: optionalCardVariant,
    },
    factory(originalFactory, { config }) {
      return originalFactory({
        filter: isDeliveryComponent,
        loader: () =>
          import('./components/DeliveryOverviewCard').then(m => (
            <m.DeliveryOverviewCard
              windowDays={config.windowDays}
              variant={config.variant}
            />
          )),
      });
    },
  },
);

/** @alpha The route of the organisation's delivery page. */
export const organisationRouteRef = createRouteRef();

/** @alpha Every team and service with their figures and levels, in the sidebar. */
export const deliveryOrganisationPage = PageBlueprint.make({
  params: {
    path: '/delivery',
    title: 'Organisation',
    icon: <DeliveryIcon />,
    routeRef: organisationRouteRef,
    loader: () =>
      import('./components/organisation/OrganisationPage').then(m => (
        <m.OrganisationPage />
      )),
  },
});

/** @alpha The Pipelines tab of components with a GitHub repository: runs, filters and each workflow's figures. */
export const entityPipelinesContent = EntityContentBlueprint.make({
  name: 'pipelines',
  params: {
    path: 'pipelines',
    title: 'Pipelines',
    filter: isDeliveryComponent,
    loader: () =>
      import('./components/pipelines/PipelinesContent').then(m => (
        <m.PipelinesContent />
      )),
  },
});

/** @alpha The newest pipeline runs, on the overview of components with a GitHub repository. */
export const entityRecentRunsCard = EntityCardBlueprint.makeWithOverrides({
  name: 'recent-runs',
  configSchema: {
    limit: optionalWholeNumber(1, 100),
    windowDays: optionalWholeNumber(1, 400),
    variant: optionalCardVariant,
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isDeliveryComponent,
      loader: () =>
        import('./components/pipelines/RecentRunsCard').then(m => (
          <m.RecentRunsCard
            limit={config.limit}
            windowDays={config.windowDays}
            variant={config.variant === 'flex' ? undefined : config.variant}
          />
        )),
    });
  },
});

/** @alpha The Health tab of components with a GitHub repository: status with reasons, what changed before it broke, who can act, how it is trending. */
export const entityHealthContent = EntityContentBlueprint.make({
  name: 'health',
  params: {
    path: 'health',
    title: 'Health',
    filter: isDeliveryComponent,
    loader: () =>
      import('./components/health/HealthContent').then(m => (
        <m.HealthContent />
      )),
  },
});

/** @alpha The health page in brief, for the top of the overview of components with a GitHub repository. */
export const entityHealthSummaryCard = EntityCardBlueprint.makeWithOverrides({
  name: 'health-summary',
  configSchema: {
    variant: optionalCardVariant,
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      filter: isDeliveryComponent,
      loader: () =>
        import('./components/health/HealthSummaryCard').then(m => (
          <m.HealthSummaryCard variant={config.variant} />
        )),
    });
  },
});

/** @alpha Owning group, its members, on-call, chat channel and escalation, on the overview of every component. */
export const entityOwnershipCard = EntityCardBlueprint.makeWithOverrides({
  name: 'ownership',
  configSchema: {
    maxMembers: optionalWholeNumber(1, 100),
    variant: optionalCardVariant,
  },
  factory(originalFactory, { config }) {
    return originalFactory({
      // beside the About card, in the overview's side column
      type: 'info',
      filter: 'kind:component',
      loader: () =>
        import('./components/ownership/OwnershipCard').then(m => (
          <m.OwnershipCard
            maxMembers={config.maxMembers}
            variant={config.variant}
          />
        )),
    });
  },
});

/** @alpha The delivery plugin for the new frontend system. */
export default createFrontendPlugin({
  pluginId: 'delivery',
  title: 'Delivery',
  routes: { organisation: organisationRouteRef },
  extensions: [
    deliveryApi,
    deliveryOrganisationPage,
    entityDeliveryContent,
    entityDeliveryRollupCard,
    entityDeliveryOverviewCard,
    entityPipelinesContent,
    entityRecentRunsCard,
    entityHealthContent,
    entityHealthSummaryCard,
    entityOwnershipCard,
  ],
});
