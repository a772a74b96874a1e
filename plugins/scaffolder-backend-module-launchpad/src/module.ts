import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
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
      },
      async init({ scaffolder, config }) {
        scaffolder.addActions(
          createPublishLocalAction({ config }),
          createEcrCreateAction({ config }),
          createGithubRepoConfigureAction({ config }),
        );
      },
    });
  },
});
