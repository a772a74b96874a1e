export { OwnershipCard, OwnershipDetails } from './OwnershipCard';
export type { OwnershipCardProps } from './OwnershipCard';
export { ownerRefOf, useOwnership } from './useOwnership';
export type { Ownership } from './useOwnership';
