import { parseEntityRef } from '@backstage/catalog-model';
import {
  DeliveryMetricsResponse,
  ServiceDeliveryFigures,
} from '@internal/plugin-delivery-common';
import { FigureKey, FigureLevel, figureLevel } from '../serviceFigures';

/** One service of the organisation view: its catalog facts and its own figures. */
export interface OrganisationRow {
  entityRef: string;
  /** the title a person knows the service by */
  name: string;
  owner?: string;
  system?: string;
  demo: boolean;
  figures?: ServiceDeliveryFigures;
}

// numbers in names in their order: team-2 before team-10
export const byName = new Intl.Collator('en', { numeric: true });

/** The services of the organisation's answer with what the catalog says about them, in name order. */
export function organisationRows(
  metrics: DeliveryMetricsResponse,
): OrganisationRow[] {
  return (metrics.services ?? [])
    .map(figures => {
      const facts = metrics.catalog?.[figures.entityRef];
      return {
        entityRef: figures.entityRef,
        name: facts?.name ?? parseEntityRef(figures.entityRef).name,
        owner: facts?.owner,
        system: facts?.system,
        demo: facts?.demo ?? false,
        figures,
      };
    })
    .sort((a, b) => byName.compare(a.name, b.name));
}

export interface OrganisationFilters {
  owner?: string;
  system?: string;
  figure: FigureKey;
  level?: FigureLevel;
}

export function filterRows(
  rows: OrganisationRow[],
  filters: OrganisationFilters,
): OrganisationRow[] {
  return rows.filter(
    row =>
      (!filters.owner || row.owner === filters.owner) &&
      (!filters.system || row.system === filters.system) &&
      (!filters.level ||
        figureLevel(row.figures, filters.figure) === filters.level),
  );
}
