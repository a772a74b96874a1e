export { deliveryApiRef } from './DeliveryApi';
export type {
  DeliveryApi,
  DeliveryMetricsQuery,
  DeliveryPageQuery,
  DeliveryQuery,
} from './DeliveryApi';
export { DeliveryClient } from './DeliveryClient';
