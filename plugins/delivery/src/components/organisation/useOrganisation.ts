import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  CATALOG_FILTER_EXISTS,
  catalogApiRef,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_GITHUB_PROJECT_SLUG,
  DeliveryMetricsResponse,
  TeamDeliveryFigures,
} from '@internal/plugin-delivery-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { deliveryApiRef } from '../../api';
import { organisationRows } from './organisationRows';

/**
 * Every service's figures over a window, joined with the catalog's owner and
 * system. The catalog is asked for the services (every Component with a
 * GitHub repository, as the backend's organisation) at the same time as the
 * figures, not after them.
 */
export function useOrganisation(range: { from: Date; to: Date }) {
  const deliveryApi = useApi(deliveryApiRef);
  const catalogApi = useApi(catalogApiRef);
  return useAsyncRetry(async () => {
    const [metrics, { items }] = await Promise.all([
      deliveryApi.getOrganisationMetrics(range),
      catalogApi.getEntities({
        filter: {
          kind: 'Component',
          [`metadata.annotations.${ANNOTATION_GITHUB_PROJECT_SLUG}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.title',
          'metadata.annotations',
          'spec.owner',
          'spec.system',
        ],
      }),
    ]);
    const services = metrics.services ?? [];
    const byRef = new Map(items.map(e => [stringifyEntityRef(e), e]));
    return {
      metrics,
      rows: organisationRows(
        services,
        services.map(s => byRef.get(s.entityRef)),
      ),
    };
  }, [deliveryApi, catalogApi, range]);
}

/** A team's figures, as its group page shows them. */
export interface TeamRow {
  group: string;
  services: number;
  figures: TeamDeliveryFigures;
}

// numbers in names in their order: team-2 before team-10
const byName = new Intl.Collator('en', { numeric: true });

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
