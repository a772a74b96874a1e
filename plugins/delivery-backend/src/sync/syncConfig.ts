import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { DEFAULT_PRODUCTION_ENVIRONMENTS } from '@internal/plugin-delivery-common';
import { DeploymentWorkflowRule } from '../github/deploymentWorkflows';

export interface SyncConfig {
  /** unset: the sync is off */
  schedule?: SchedulerServiceTaskScheduleDefinition;
  backfillDays: number;
  /** repositories synced at the same time */
  concurrency: number;
  /** below this many requests left, a host's remaining repositories wait for the next run */
  minRateLimitRemaining: number;
  /** workflow runs that are deployments, for every repository */
  deploymentWorkflows: DeploymentWorkflowRule[];
  incidentLabel: string;
  /** production environments of an entity without its own (`delivery.productionEnvironments`) */
  productionEnvironments: string[];
}

function wholeNumber(
  config: Config | undefined,
  key: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `delivery.github.sync.${key} must be a whole number from ${min} to ${max}, got ${value}`,
    );
  }
  return value;
}

/** `delivery.github.sync`, checked at startup. */
export function readSyncConfig(root: Config): SyncConfig {
  const github = root.getOptionalConfig('delivery.github');
  const sync = github?.getOptionalConfig('sync');
  return {
    schedule: sync?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          sync.getConfig('schedule'),
        )
      : undefined,
    backfillDays: wholeNumber(sync, 'backfillDays', 180, 1, 3650),
    concurrency: wholeNumber(sync, 'concurrency', 4, 1, 32),
    minRateLimitRemaining: wholeNumber(
      sync,
      'minRateLimitRemaining',
      100,
      0,
      100_000,
    ),
    deploymentWorkflows: (
      sync?.getOptionalConfigArray('deploymentWorkflows') ?? []
    ).map(rule => ({
      workflow: rule.getString('workflow'),
      ...(rule.has('job') ? { job: rule.getString('job') } : {}),
      environment: rule.getOptionalString('environment') ?? 'production',
    })),
    incidentLabel: github?.getOptionalString('incidentLabel') ?? 'incident',
    productionEnvironments:
      root.getOptionalStringArray('delivery.productionEnvironments') ??
      DEFAULT_PRODUCTION_ENVIRONMENTS,
  };
}
