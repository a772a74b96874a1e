import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCatalogRegisterAction } from './actions/catalogRegister';
import { createEcrCreateAction } from './actions/ecrCreate';
import { createGithubRepoConfigureAction } from './actions/githubRepoConfigure';
import { createPublishAction } from './actions/publish';
import { createPublishChangeAction } from './actions/publishChange';
import { createGithubAccess } from './lib/github/githubAccess';

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
        // One set of GitHub integrations and credentials for every action and
        // task run, so GitHub App installation tokens are cached between runs.
        const githubAccess = createGithubAccess(config);
        scaffolder.addActions(
          createPublishAction({ config, githubAccess }),
          createPublishChangeAction({ config, githubAccess }),
          createEcrCreateAction({ config }),
          createGithubRepoConfigureAction({ config, githubAccess }),
          createCatalogRegisterAction({ catalog }),
        );
      },
    });
  },
});
