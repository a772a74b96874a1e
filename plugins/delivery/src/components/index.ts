export { DeliveryContent } from './DeliveryContent';
export type { DeliveryContentProps } from './DeliveryContent';
