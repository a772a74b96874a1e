export * from './useDeliveryData';
