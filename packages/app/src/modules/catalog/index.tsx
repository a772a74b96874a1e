import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogColumns } from './catalogColumns';

/** The catalog's index page with Launchpad's columns (CatalogIndexPage takes them, the page's config does not). */
const catalogIndexPage = catalogPlugin.getExtension('page:catalog').override({
  factory(originalFactory, { inputs, config }) {
    return originalFactory({
      params: {
        loader: () =>
          import('@backstage/plugin-catalog/alpha').then(
            ({ CatalogIndexPage }) => (
              <CatalogIndexPage
                filters={
                  <>
                    {inputs.filters.map(filter =>
                      filter.get(coreExtensionData.reactElement),
                    )}
                  </>
                }
                pagination={config.pagination}
                exportSettings={
                  config.exportSettings?.enabled
                    ? config.exportSettings
                    : undefined
                }
                columns={catalogColumns}
              />
            ),
          ),
      },
    });
  },
});

export const catalogModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [catalogIndexPage],
});
