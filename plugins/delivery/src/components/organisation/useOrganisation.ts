import { useApi } from '@backstage/core-plugin-api';
import {
  DeliveryMetricsResponse,
  TeamDeliveryFigures,
} from '@internal/plugin-delivery-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { DeliveryOrganisationQuery, deliveryApiRef } from '../../api';
import { byName, organisationRows } from './organisationRows';

/**
 * Every service's figures over a window (levels of the report year asked
 * for), with its name, owner and system:
 * the organisation's answer carries them, so the page waits for one request.
 */
export function useOrganisation(query: DeliveryOrganisationQuery) {
  const deliveryApi = useApi(deliveryApiRef);
  return useAsyncRetry(async () => {
    const metrics = await deliveryApi.getOrganisationMetrics(query);
    return { metrics, rows: organisationRows(metrics) };
  }, [deliveryApi, query]);
}

/** A team's figures, as its group page shows them. */
export interface TeamRow {
  group: string;
  services: number;
  figures: TeamDeliveryFigures;
}

/**
 * The teams of the organisation's answer, as rows in name order: only the
 * owner's when one is chosen.
 */
export function teamRows(
  metrics: DeliveryMetricsResponse,
  owner?: string,
): TeamRow[] {
  return (metrics.teams ?? [])
    .filter(figures => !owner || figures.entityRef === owner)
    .map(figures => ({
      group: figures.entityRef,
      services: figures.services,
      figures,
    }))
    .sort((a, b) => byName.compare(a.group, b.group));
}
