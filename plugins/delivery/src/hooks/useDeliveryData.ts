import { useApi } from '@backstage/core-plugin-api';
import {
  ChangeRow,
  CountedDeploymentRow,
  DeliveryMetricsResponse,
  DeliverySeriesResponse,
  DeploymentRow,
  IncidentRow,
  Page,
  PipelineRunRow,
  PipelineSummaryResponse,
  SyncStatusResponse,
} from '@internal/plugin-delivery-common';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  DeliveryApi,
  DeliveryCountedDeploymentsQuery,
  DeliveryDeploymentsQuery,
  DeliveryIncidentsQuery,
  DeliveryMetricsQuery,
  DeliveryPageQuery,
  DeliveryPipelineRunsQuery,
  DeliveryQuery,
  DeliveryScope,
  deliveryApiRef,
} from '../api';

/** What a data hook returns: the value once loaded, or the error, and `retry` to load it again. */
export interface Loaded<T> {
  value?: T;
  loading: boolean;
  error?: Error;
  retry: () => void;
}

/**
 * Reads `read(api, query)`, again whenever the query changes by value (a new
 * object with the same fields and dates loads nothing); nothing while the
 * query is undefined.
 */
export function useDeliveryRead<Q, T>(
  query: Q | undefined,
  read: (api: DeliveryApi, query: Q) => Promise<T>,
): Loaded<T> {
  const api = useApi(deliveryApiRef);
  const key = JSON.stringify(query ?? null);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stable = useMemo(() => query, [key]);
  return useAsyncRetry(
    async () => (stable === undefined ? undefined : read(api, stable)),
    [api, stable, read],
  );
}

const readMetrics = (api: DeliveryApi, q: DeliveryMetricsQuery) =>
  api.getMetrics(q);
const readSeries = (api: DeliveryApi, q: DeliveryMetricsQuery) =>
  api.getSeries(q);
const readDeployments = (api: DeliveryApi, q: DeliveryDeploymentsQuery) =>
  api.getDeployments(q);
const readCounted = (api: DeliveryApi, q: DeliveryCountedDeploymentsQuery) =>
  api.getCountedDeployments(q);
const readChanges = (api: DeliveryApi, q: DeliveryPageQuery) =>
  api.getChanges(q);
const readIncidents = (api: DeliveryApi, q: DeliveryIncidentsQuery) =>
  api.getIncidents(q);
const readRuns = (api: DeliveryApi, q: DeliveryPipelineRunsQuery) =>
  api.getPipelineRuns(q);
const readSummary = (api: DeliveryApi, q: DeliveryQuery) =>
  api.getPipelineSummary(q);
const readSyncStatus = (api: DeliveryApi, entityRef: string) =>
  api.getSyncStatus(entityRef);

/** The five DORA figures (and the time to restore) of an entity or a group over a window. */
export function useDeliveryMetrics(
  query: DeliveryMetricsQuery | undefined,
): Loaded<DeliveryMetricsResponse> {
  return useDeliveryRead(query, readMetrics);
}

/** The figures week by week over a window. */
export function useDeliverySeries(
  query: DeliveryMetricsQuery | undefined,
): Loaded<DeliverySeriesResponse> {
  return useDeliveryRead(query, readSeries);
}

/** A page of deployments of any status, newest first. */
export function useDeployments(
  query: DeliveryDeploymentsQuery | undefined,
): Loaded<Page<DeploymentRow>> {
  return useDeliveryRead(query, readDeployments);
}

/** A page of the deployments deployment frequency counts (or, with `rework`, the rework rate's). */
export function useCountedDeployments(
  query: DeliveryCountedDeploymentsQuery | undefined,
): Loaded<Page<CountedDeploymentRow>> {
  return useDeliveryRead(query, readCounted);
}

/** A page of the changes deployed in the window, with their lead times. */
export function useChanges(
  query: DeliveryPageQuery | undefined,
): Loaded<Page<ChangeRow>> {
  return useDeliveryRead(query, readChanges);
}

/** A page of incidents with their attribution. */
export function useIncidents(
  query: DeliveryIncidentsQuery | undefined,
): Loaded<Page<IncidentRow>> {
  return useDeliveryRead(query, readIncidents);
}

/** A page of the pipeline runs the query selects, newest first. */
export function usePipelineRuns(
  query: DeliveryPipelineRunsQuery | undefined,
): Loaded<Page<PipelineRunRow>> {
  return useDeliveryRead(query, readRuns);
}

/** Each workflow's figures over the window. */
export function usePipelineSummary(
  query: DeliveryQuery | undefined,
): Loaded<PipelineSummaryResponse> {
  return useDeliveryRead(query, readSummary);
}

/** How far the GitHub sync of the entity's repository is. */
export function useSyncStatus(
  entityRef: string | undefined,
): Loaded<SyncStatusResponse> {
  return useDeliveryRead(entityRef, readSyncStatus);
}

/** The environments the entity (or group) deployed to among its newest 500 deployments, by name. */
export function useDeliveryEnvironments(
  scope: DeliveryScope,
): Loaded<string[]> {
  const deployments = useDeployments({
    ...scope,
    allEnvironments: true,
    limit: 500,
  });
  const environments = useMemo(
    () =>
      deployments.value
        ? [...new Set(deployments.value.items.map(d => d.environment))].sort()
        : undefined,
    [deployments.value],
  );
  return { ...deployments, value: environments };
}
