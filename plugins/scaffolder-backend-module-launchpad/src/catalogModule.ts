import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import { readLocalPublishSettings } from './lib/localRepositories';

/**
 * Lets the catalog accept registered locations of type "file", which
 * launchpad:catalog:register-local needs for repositories published with
 * launchpad:publish:local. Only active when launchpad.publish.local.enabled is
 * true: a "file" location can name any file the backend can read, so
 * production (GitHub publishing) leaves it off and keeps the default ["url"].
 */
export const catalogModuleLaunchpadLocalLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'launchpad-local-locations',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        locations: catalogLocationsExtensionPoint,
      },
      async init({ config, logger, locations }) {
        const settings = readLocalPublishSettings(config);
        if (!settings.enabled) {
          return;
        }
        locations.setAllowedLocationTypes(['url', 'file']);
        logger.info(
          `Catalog accepts "file" locations for local repositories in ${settings.baseDirectory}`,
        );
      },
    });
  },
});
