export { deliveryApiRef } from './DeliveryApi';
export type {
  DeliveryApi,
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
