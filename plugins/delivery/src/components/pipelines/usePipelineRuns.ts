import { useApi } from '@backstage/core-plugin-api';
import {
  DeploymentRow,
  Page,
  PipelineRunRow,
  PipelineSummaryResponse,
} from '@internal/plugin-delivery-common';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { DeliveryPipelineRunsQuery, deliveryApiRef } from '../../api';

export interface Loaded<T> {
  value?: T;
  loading: boolean;
  error?: Error;
  retry: () => void;
}

/** A page of the runs the query selects, newest first. */
export function usePipelineRuns(
  query: DeliveryPipelineRunsQuery,
): Loaded<Page<PipelineRunRow>> {
  const api = useApi(deliveryApiRef);
  const key = JSON.stringify(query);
  // the query is compared by value: a new object with the same fields loads nothing
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stable = useMemo(() => query, [key]);
  return useAsyncRetry(() => api.getPipelineRuns(stable), [api, stable]);
}

/** Each workflow's figures over the window. */
export function usePipelineSummary(query: {
  entityRef: string;
  from: Date;
  to: Date;
}): Loaded<PipelineSummaryResponse> {
  const api = useApi(deliveryApiRef);
  const { entityRef, from, to } = query;
  return useAsyncRetry(
    () => api.getPipelineSummary({ entityRef, from, to }),
    [api, entityRef, from, to],
  );
}

/** At most this many commits are asked for at once (the API's limit). */
const MAX_SHAS = 100;
/** Runs read for the deployments' commits: a few workflows run on each. */
const MAX_RUNS = 500;

/**
 * The runs of the deployments' commits in the window, to link each
 * deployment to the run that made it; none while there is no deployment.
 */
export function useDeploymentRuns(query: {
  entityRef: string;
  deployments: DeploymentRow[];
  from: Date;
  to: Date;
}): Loaded<PipelineRunRow[]> {
  const api = useApi(deliveryApiRef);
  const { entityRef, from, to } = query;
  const shas = useMemo(
    () => [...new Set(query.deployments.map(d => d.sha))].slice(0, MAX_SHAS),
    [query.deployments],
  );
  return useAsyncRetry(async () => {
    if (!shas.length) return [];
    const page = await api.getPipelineRuns({
      entityRef,
      from,
      to,
      shas,
      limit: MAX_RUNS,
    });
    return page.items;
  }, [api, entityRef, from, to, shas]);
}
