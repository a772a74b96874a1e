/**
 * Delivery backend plugin: stores delivery events and computes the five DORA metrics in SQL.
 *
 * @packageDocumentation
 */
export { deliveryPlugin as default } from './plugin';
export { eventsModuleJsonBody } from './github/eventsModuleJsonBody';
