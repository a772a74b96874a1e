export { HealthContent } from './HealthContent';
export { HealthSummaryCard } from './HealthSummaryCard';
