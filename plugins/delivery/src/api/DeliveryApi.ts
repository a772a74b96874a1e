import { createApiRef } from '@backstage/core-plugin-api';
import {
  ChangeRow,
  CountedDeploymentRow,
  DeliveryMetricsResponse,
  DeliverySeriesResponse,
  DeploymentRow,
  IncidentRow,
  IncidentState,
  Page,
  PipelineRunRow,
  PipelineRunState,
  PipelineSummaryResponse,
  SyncStatusResponse,
  ServiceHealthResponse,
} from '@internal/plugin-delivery-common';

/**
 * Whose rows a figure is computed over: one entity, or every component a group
 * and its child groups own.
 */
export type DeliveryScope =
  | { entityRef: string; group?: never }
  | { group: string; entityRef?: never };

/** Which rows a figure is computed over: a scope, an optional environment and a window. */
export type DeliveryQuery = DeliveryScope & {
  /** one environment instead of the entity's production environments */
  environment?: string;
  /** window start, included */
  from?: Date;
  /** window end, excluded */
  to?: Date;
};

export type DeliveryMetricsQuery = DeliveryQuery & {
  /** DORA report year of the benchmark levels; the newest when omitted */
  reportYear?: number;
};

/** The organisation's figures: every catalog service the caller may read. */
export type DeliveryOrganisationQuery = Omit<
  DeliveryMetricsQuery,
  'entityRef' | 'group'
>;

export type DeliveryPageQuery = DeliveryQuery & {
  /** at most 500 rows a page; 50 when omitted */
  limit?: number;
  offset?: number;
};

export type DeliveryDeploymentsQuery = DeliveryPageQuery & {
  /** every environment (staging too) instead of `environment` or the production ones */
  allEnvironments?: boolean;
};

export type DeliveryCountedDeploymentsQuery = DeliveryPageQuery & {
  /** only the rework deployments (the rows behind the rework rate) */
  rework?: boolean;
  /** only the failed deployments (behind the change failure rate and the recovery time) */
  failed?: boolean;
};

export type DeliveryPipelineRunsQuery = DeliveryPageQuery & {
  workflow?: string;
  branch?: string;
  /** the run's conclusion once completed, otherwise its status */
  status?: PipelineRunState;
  /** only runs of these commits (at most 100) */
  shas?: string[];
};

export type DeliveryIncidentsQuery = DeliveryPageQuery & {
  /**
   * `all` (the default): incidents started in the window; `resolved`: only the
   * resolved ones of them; `open`: every unresolved incident started before
   * `to`, however long before `from`
   */
  state?: IncidentState;
};

/** Reads DORA metrics and the rows behind them from the delivery backend. */
export interface DeliveryApi {
  getMetrics(query: DeliveryMetricsQuery): Promise<DeliveryMetricsResponse>;
  getSeries(query: DeliveryMetricsQuery): Promise<DeliverySeriesResponse>;
  /** Every service's own figures and levels, with the organisation's medians. */
  getOrganisationMetrics(
    query: DeliveryOrganisationQuery,
  ): Promise<DeliveryMetricsResponse>;
  /** Deployments of any status, newest first. */
  getDeployments(query: DeliveryDeploymentsQuery): Promise<Page<DeploymentRow>>;
  /**
   * The deployments deployment frequency counts, newest first, each with
   * whether it is rework and whether it failed; `totalCount` is the figure's
   * count. With `rework`, only the rework ones.
   */
  getCountedDeployments(
    query: DeliveryCountedDeploymentsQuery,
  ): Promise<Page<CountedDeploymentRow>>;
  /** Pipeline runs started in the window that pass the filters, newest first. */
  getPipelineRuns(
    query: DeliveryPipelineRunsQuery,
  ): Promise<Page<PipelineRunRow>>;
  /** Each workflow's success rate, durations and flakiness over the window. */
  getPipelineSummary(query: DeliveryQuery): Promise<PipelineSummaryResponse>;
  /** How far the GitHub sync of the entity's repository is. */
  getSyncStatus(entityRef: string): Promise<SyncStatusResponse>;
  /** Changes deployed in the window with their lead times, newest deployment first. */
  getChanges(query: DeliveryPageQuery): Promise<Page<ChangeRow>>;
  /** Incidents of the state asked for, newest first, with their attribution. */
  getIncidents(query: DeliveryIncidentsQuery): Promise<Page<IncidentRow>>;
  /** The entity's health: status with reasons, alerts, SLOs, deployments, incidents, contacts and what changed before each alert or incident. */
  getServiceHealth(entityRef: string): Promise<ServiceHealthResponse>;
}

export const deliveryApiRef = createApiRef<DeliveryApi>({
  id: 'plugin.delivery.service',
});
