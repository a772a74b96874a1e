import { useApi } from '@backstage/core-plugin-api';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { deliveryApiRef } from '../api';
import { readAllPages } from '../components/overview';
import { lastDays } from '../components/window';

/** Deployments read to find the latest successful one of each environment. */
const DEPLOYMENTS_READ = 100;

/**
 * The overview card's figures of an entity: whether a production deployment
 * was ever recorded, the deployments and pipeline runs of the last
 * `windowDays` days, and the open incidents (only their count).
 */
export function useDeliveryOverview(entityRef: string, windowDays: number) {
  const api = useApi(deliveryApiRef);
  const recent = useMemo(() => lastDays(windowDays), [windowDays]);
  return useAsyncRetry(async () => {
    const [metrics, deployments, runs, incidents] = await Promise.all([
      // only whether any production deployment was ever recorded is shown
      api.getMetrics({ entityRef, ...recent }),
      api.getDeployments({
        entityRef,
        ...recent,
        allEnvironments: true,
        limit: DEPLOYMENTS_READ,
      }),
      readAllPages(page =>
        api.getPipelineRuns({ entityRef, ...recent, ...page }),
      ),
      // every unresolved incident however old: only the count is shown
      api.getIncidents({ entityRef, to: recent.to, state: 'open', limit: 1 }),
    ]);
    return {
      noDataYet: metrics.noDataYet === true,
      deployments,
      runs,
      incidents,
    };
  }, [api, entityRef, recent]);
}
