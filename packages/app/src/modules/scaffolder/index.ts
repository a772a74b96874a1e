import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * Launchpad's form fields for the golden-path templates:
 * LaunchpadServiceName (rules in words, unique in the catalog) and
 * LaunchpadRepoLocation (GitHub owner and repository, or the local target of
 * the embedded default, by configuration).
 */
export const scaffolderFieldsModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [
    FormFieldBlueprint.make({
      name: 'launchpad-service-name',
      params: {
        field: () => import('./fields').then(m => m.serviceNameField),
      },
    }),
    FormFieldBlueprint.make({
      name: 'launchpad-repo-location',
      params: {
        field: () => import('./fields').then(m => m.repoLocationField),
      },
    }),
  ],
});
