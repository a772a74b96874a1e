import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { Content } from '@backstage/core-components';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import { Route, Routes } from 'react-router-dom';
import { TaskBreadcrumbTitles } from './TaskBreadcrumbTitles';
import { TaskList } from './TaskList';

/**
 * The scaffolder's Tasks sub-page, with tasks named by template and service
 * instead of their id: in its breadcrumbs, and in the list of tasks, which
 * replaces the scaffolder's (its columns cannot be chosen). A task's own page
 * stays the scaffolder's.
 */
const tasksSubPage = scaffolderPlugin
  .getExtension('sub-page:scaffolder/tasks')
  .override({
    *factory(originalFactory) {
      const original = originalFactory();
      yield coreExtensionData.routePath(
        original.get(coreExtensionData.routePath),
      );
      yield coreExtensionData.title(original.get(coreExtensionData.title));
      yield coreExtensionData.reactElement(
        <TaskBreadcrumbTitles>
          <Routes>
            <Route
              index
              element={
                <Content>
                  <TaskList />
                </Content>
              }
            />
            <Route
              path="*"
              element={original.get(coreExtensionData.reactElement)}
            />
          </Routes>
        </TaskBreadcrumbTitles>,
      );
    },
  });

/**
 * Launchpad's form fields for the golden-path templates:
 * LaunchpadServiceName (rules in words, unique in the catalog) and
 * LaunchpadRepoLocation (GitHub owner and repository, or the local target of
 * the embedded default, by configuration); and the Tasks sub-page's titles.
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
    tasksSubPage,
  ],
});
