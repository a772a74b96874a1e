import { CatalogTable } from '@backstage/plugin-catalog';
import { CatalogTableColumnsFunc } from '@backstage/plugin-catalog/alpha';

/**
 * The catalog's default columns without Lifecycle, so that a component's tags
 * fit beside its description on a laptop's 1,280 px. The lifecycle stays a
 * filter of the page and a field of each entity's About card.
 */
export const catalogColumns: CatalogTableColumnsFunc = context =>
  CatalogTable.defaultColumnsFunc(context).filter(
    column => column.field !== 'entity.spec.lifecycle',
  );
