export { deliveryApiRef } from './DeliveryApi';
export type {
  DeliveryApi,
  DeliveryCountedDeploymentsQuery,
  DeliveryDeploymentsQuery,
  DeliveryIncidentsQuery,
  DeliveryMetricsQuery,
  DeliveryOrganisationQuery,
  DeliveryPageQuery,
  DeliveryPipelineRunsQuery,
  DeliveryQuery,
  DeliveryScope,
} from './DeliveryApi';
export { DeliveryClient } from './DeliveryClient';
