export { DeliveryContent } from './DeliveryContent';
export type { DeliveryContentProps } from './DeliveryContent';
export { DeliveryRollupCard } from './DeliveryRollupCard';
export { DeliveryOverviewCard } from './DeliveryOverviewCard';
