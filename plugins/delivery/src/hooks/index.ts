export * from './useDeliveryData';
export { useDeliveryOverview } from './useDeliveryOverview';
export { useDemoServices } from './useDemoServices';
export { useEntityTitles } from './useEntityTitles';
