export { DeliveryContent } from './DeliveryContent';
export type { DeliveryContentProps } from './DeliveryContent';
export { DeliveryRollupCard } from './DeliveryRollupCard';
export type { DeliveryRollupCardProps } from './DeliveryRollupCard';
export { DeliveryOverviewCard } from './DeliveryOverviewCard';
export type { DeliveryOverviewCardProps } from './DeliveryOverviewCard';
