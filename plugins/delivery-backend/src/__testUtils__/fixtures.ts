import { getDoraBenchmark } from '@internal/plugin-delivery-common';
import { DeliveryStore, ServiceScope } from '../database/DeliveryStore';
import { DeliveryMetrics, MetricsOptions } from '../metrics/DeliveryMetrics';
import { MetricScope } from '../metrics/queries';
import { DrillDown } from '../metrics/DrillDown';
import {
  changeEventSchema,
  deploymentEventSchema,
  incidentEventSchema,
} from '../service/schemas';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Monday 2026-01-05 00:00 UTC: all fixture times are hours after it. */
export const T0 = Date.parse('2026-01-05T00:00:00Z');
export const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

export const SCOPE: ServiceScope = {
  entityRef: 'component:default/svc',
  repository: 'acme/svc',
  workflows: [],
  productionEnvironments: ['production'],
};

/** A hex sha made from a short label, so tests can name commits. */
export const sha = (label: string) =>
  Buffer.from(label).toString('hex').padEnd(40, '0').slice(0, 40);

export function fixtures(store: DeliveryStore, scope: ServiceScope = SCOPE) {
  return {
    async pr(
      number: number,
      o: {
        firstCommit: number;
        merged: number;
        sha: string;
        method?: 'merge' | 'squash' | 'rebase';
        labels?: string[];
        headRef?: string;
        fixesIncident?: string;
        commits?: number[];
      },
    ) {
      const commitHours = o.commits ?? [o.firstCommit];
      await store.storeChanges([
        changeEventSchema.parse({
          type: 'pull_request',
          repository: scope.repository,
          number,
          mergedAt: at(o.merged),
          mergeCommitSha: sha(o.sha),
          mergeMethod: o.method ?? 'merge',
          labels: o.labels ?? [],
          headRef: o.headRef,
          fixesIncident: o.fixesIncident,
          commits: commitHours.map((h, i) => ({
            sha: sha(`${o.sha}-c${i}`),
            authoredAt: at(h),
          })),
        }),
      ]);
    },
    async deploy(
      id: string,
      o: {
        sha: string;
        at: number;
        environment?: string;
        status?: 'success' | 'failure' | 'cancelled' | 'in_progress';
        rollback?: boolean;
        hotfix?: boolean;
      },
    ) {
      const status = o.status ?? 'success';
      await store.storeDeployments([
        deploymentEventSchema.parse({
          externalId: id,
          repository: scope.repository,
          environment: o.environment ?? 'production',
          sha: sha(o.sha),
          status,
          startedAt: at(o.at - 0.1),
          finishedAt: status === 'in_progress' ? undefined : at(o.at),
          rollback: o.rollback ?? false,
          hotfix: o.hotfix ?? false,
        }),
      ]);
    },
    async incident(
      id: string,
      o: {
        start: number;
        resolve?: number;
        deployment?: string;
        rootCauseSha?: string;
        notChangeRelated?: boolean;
      },
    ) {
      await store.storeIncidents([
        incidentEventSchema.parse({
          externalId: id,
          entityRef: scope.entityRef,
          startedAt: at(o.start),
          resolvedAt: o.resolve === undefined ? undefined : at(o.resolve),
          deployment: o.deployment,
          rootCauseSha: o.rootCauseSha ? sha(o.rootCauseSha) : undefined,
          notChangeRelated: o.notChangeRelated ?? false,
        }),
      ]);
    },
  };
}

/** Metrics of `scopes` over [from, to) hours after T0 with a minimum sample of 1. */
export function metricsFor(
  store: DeliveryStore,
  fromHours: number,
  toHours: number,
  scopes: MetricScope[] = [SCOPE],
  extra: Partial<MetricsOptions> = {},
) {
  return new DeliveryMetrics(store).metrics({
    scopes,
    from: T0 + fromHours * HOUR,
    to: T0 + toHours * HOUR,
    benchmark: getDoraBenchmark()!,
    minimumSampleSize: 1,
    attributionWindowMs: 24 * HOUR,
    ...extra,
  });
}

export function drillFor(
  store: DeliveryStore,
  fromHours: number,
  toHours: number,
) {
  const o = {
    scopes: [SCOPE],
    from: T0 + fromHours * HOUR,
    to: T0 + toHours * HOUR,
    attributionWindowMs: 24 * HOUR,
    limit: 100,
    offset: 0,
  };
  const d = new DrillDown(store);
  return {
    deployments: () => d.deployments(o),
    counted: (only: { reworkOnly?: boolean; failedOnly?: boolean } = {}) =>
      d.countedDeployments({ ...o, ...only }),
    changes: () => d.changes(o),
    incidents: () => d.incidents(o),
  };
}
