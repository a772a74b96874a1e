export { deliveryApiRef } from './DeliveryApi';
export type {
  DeliveryApi,
  DeliveryDeploymentsQuery,
  DeliveryIncidentsQuery,
  DeliveryMetricsQuery,
  DeliveryPageQuery,
  DeliveryQuery,
  DeliveryScope,
} from './DeliveryApi';
export { DeliveryClient } from './DeliveryClient';
