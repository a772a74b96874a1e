export { deliveryApiRef } from './DeliveryApi';
export type {
  DeliveryApi,
  DeliveryMetricsQuery,
  DeliveryPageQuery,
  DeliveryQuery,
  DeliveryScope,
} from './DeliveryApi';
export { DeliveryClient } from './DeliveryClient';
