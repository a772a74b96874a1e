import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  DeliveryMetricsResponse,
  TeamDeliveryFigures,
} from '@internal/plugin-delivery-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { deliveryApiRef } from '../../api';
import { organisationRows } from './organisationRows';

/** Every service's figures over a window, joined with the catalog's owner and system. */
export function useOrganisation(range: { from: Date; to: Date }) {
  const deliveryApi = useApi(deliveryApiRef);
  const catalogApi = useApi(catalogApiRef);
  return useAsyncRetry(async () => {
    const metrics = await deliveryApi.getOrganisationMetrics(range);
    const services = metrics.services ?? [];
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: services.map(s => s.entityRef),
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.title',
        'metadata.annotations',
        'spec.owner',
        'spec.system',
      ],
    });
    return { metrics, rows: organisationRows(services, items) };
  }, [deliveryApi, catalogApi, range]);
}

/** A team's figures, as its group page shows them. */
export interface TeamRow {
  group: string;
  services: number;
  figures: TeamDeliveryFigures;
}

/** The teams of the organisation's answer, as rows: only the owner's when one is chosen. */
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
    }));
}
