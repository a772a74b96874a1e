import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { ServiceDeliveryFigures } from '@internal/plugin-delivery-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { deliveryApiRef } from '../../api';
import { OrganisationRow, organisationRows } from './organisationRows';

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

/** A team's figures: the median of its services', as its group page shows them. */
export interface TeamRow {
  group: string;
  services: number;
  figures?: ServiceDeliveryFigures;
  error?: Error;
}

const PARALLEL_REQUESTS = 4;

/** The figures of every team that owns one of the rows, a few requests at a time. */
export function useTeams(
  rows: OrganisationRow[] | undefined,
  range: { from: Date; to: Date },
) {
  const deliveryApi = useApi(deliveryApiRef);
  return useAsyncRetry(async () => {
    const counts = new Map<string, number>();
    for (const row of rows ?? []) {
      if (row.owner) counts.set(row.owner, (counts.get(row.owner) ?? 0) + 1);
    }
    const groups = [...counts.keys()].sort();
    const teams: TeamRow[] = [];
    for (let i = 0; i < groups.length; i += PARALLEL_REQUESTS) {
      const batch = groups.slice(i, i + PARALLEL_REQUESTS);
      const answers = await Promise.allSettled(
        batch.map(group => deliveryApi.getMetrics({ group, ...range })),
      );
      answers.forEach((answer, j) => {
        const group = batch[j];
        const services = counts.get(group)!;
        if (answer.status === 'rejected') {
          teams.push({ group, services, error: answer.reason });
          return;
        }
        const { value } = answer;
        teams.push({
          group,
          services,
          figures: { entityRef: group, ...value, noDataYet: !!value.noDataYet },
        });
      });
    }
    return teams;
  }, [deliveryApi, rows, range]);
}
