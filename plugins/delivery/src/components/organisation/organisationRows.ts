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

/** The services of the organisation's answer with what the catalog says about them. */
export function organisationRows(
  metrics: DeliveryMetricsResponse,
): OrganisationRow[] {
  return (metrics.services ?? []).map(figures => {
    const facts = metrics.catalog?.[figures.entityRef];
    return {
      entityRef: figures.entityRef,
      name: facts?.name ?? parseEntityRef(figures.entityRef).name,
      owner: facts?.owner,
      system: facts?.system,
      demo: facts?.demo ?? false,
      figures,
    };
  });
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
