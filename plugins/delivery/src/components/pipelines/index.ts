export { PipelinesContent } from './PipelinesContent';
export { RecentRunsCard } from './RecentRunsCard';
export type { RecentRunsCardProps } from './RecentRunsCard';
export { runOfDeployment, safeHttpUrl } from './runs';
export { useDeploymentRuns } from './usePipelineRuns';
