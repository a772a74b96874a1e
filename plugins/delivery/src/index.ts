/**
 * DORA metrics, trends and deployments on catalog entity pages.
 *
 * The default export is the plugin for the new frontend system (also the
 * default export of `./alpha`); the named exports serve legacy apps.
 *
 * @packageDocumentation
 */
export { default } from './alpha';
export {
  deliveryPlugin,
  DeliveryOrganisationPage,
  EntityDeliveryContent,
  EntityDeliveryOverviewCard,
  EntityDeliveryRollupCard,
  EntityHealthContent,
  EntityHealthSummaryCard,
  EntityOwnershipCard,
  EntityPipelinesContent,
  EntityRecentRunsCard,
  isDeliveryAvailable,
} from './plugin';
export * from './api';
export type {
  DeliveryContentProps,
  DeliveryOverviewCardProps,
  DeliveryRollupCardProps,
} from './components';
export * from './hooks';
export { ServiceHealthStatus } from './components/health';
export type { RecentRunsCardProps } from './components/pipelines';
export type { OwnershipCardProps } from './components/ownership';
