import { useApi } from '@backstage/core-plugin-api';
import {
  DeploymentRow,
  PipelineRunRow,
} from '@internal/plugin-delivery-common';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { deliveryApiRef } from '../../api';
import { Loaded } from '../../hooks';

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
