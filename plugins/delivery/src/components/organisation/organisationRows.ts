import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ServiceDeliveryFigures,
  isDemoDataEntity,
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

function refOrUndefined(
  ref: unknown,
  defaultKind: string,
  namespace: string,
): string | undefined {
  if (typeof ref !== 'string' || !ref) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace: namespace }),
    );
  } catch {
    return undefined;
  }
}

/** Joins the services the backend computed with what the catalog says about them. */
export function organisationRows(
  services: ServiceDeliveryFigures[],
  entities: Array<Entity | undefined>,
): OrganisationRow[] {
  return services.map((figures, i) => {
    const entity = entities[i];
    const namespace = entity?.metadata.namespace ?? 'default';
    return {
      entityRef: figures.entityRef,
      name:
        entity?.metadata.title ??
        entity?.metadata.name ??
        parseEntityRef(figures.entityRef).name,
      owner: refOrUndefined(entity?.spec?.owner, 'group', namespace),
      system: refOrUndefined(entity?.spec?.system, 'system', namespace),
      demo: entity ? isDemoDataEntity(entity) : false,
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
