export { HealthContent } from './HealthContent';
export { HealthSummaryCard } from './HealthSummaryCard';
export { ServiceHealthStatus } from './ServiceHealthStatus';
