import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCatalogRegisterLocalAction } from './actions/catalogRegisterLocal';
import { createEcrCreateAction } from './actions/ecrCreate';
import { createGithubRepoConfigureAction } from './actions/githubRepoConfigure';
import { createPublishLocalAction } from './actions/publishLocal';

/** Registers Launchpad's scaffolder actions. */
export const scaffolderModuleLaunchpad = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'launchpad',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, config, catalog }) {
        scaffolder.addActions(
          createPublishLocalAction({ config }),
          createCatalogRegisterLocalAction({ config, catalog }),
          createEcrCreateAction({ config }),
          createGithubRepoConfigureAction({ config }),
        );
      },
    });
  },
});
