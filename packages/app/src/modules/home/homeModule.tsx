import {
  ApiBlueprint,
  createFrontendModule,
  identityApiRef,
  storageApiRef,
} from '@backstage/frontend-plugin-api';
import { VisitsStorageApi, visitsApiRef } from '@backstage/plugin-home';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## Welcome to Launchpad

Launchpad is Acme's developer portal: create a service on the golden path,
then follow its delivery from the catalog.

- **Create a service**: pick a [Software Template](/create); it scaffolds a
  repository with CI, infrastructure as code and monitoring wired in.
- **Browse the catalog**: every service in the [Software Catalog](/catalog)
  shows its owners, pipelines and DORA metrics.
- **Read the docs**: technical documentation lives beside each service in
  [Docs](/docs).
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting started',
    description: 'What Launchpad does and where to start',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

const myServicesWidget = HomePageWidgetBlueprint.make({
  name: 'my-services',
  params: {
    name: 'MyServices',
    title: 'My services',
    description: 'The components you and your teams own',
    components: async () => {
      const { MyServices } = await import('./MyServices');
      return { Content: MyServices };
    },
  },
});

const homePageLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: async () => (await import('./HomePageLayout')).HomePageLayout,
  },
});

/**
 * The home plugin's visits, without the home page itself and with an entity's
 * tabs counted as the entity: "Recently visited" lists where you went.
 */
const visitsApi = ApiBlueprint.make({
  name: 'visits',
  params: defineParams =>
    defineParams({
      api: visitsApiRef,
      deps: { storageApi: storageApiRef, identityApi: identityApiRef },
      factory: ({ storageApi, identityApi }) =>
        VisitsStorageApi.create({
          storageApi,
          identityApi,
          canSave: visit => visit.pathname !== '/',
          // an entity's tabs are one visit of the entity
          transformPathname: pathname =>
            pathname.replace(/^(\/catalog\/[^/]+\/[^/]+\/[^/]+)\/.*$/, '$1'),
        }),
    }),
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [
    homePageLayout,
    myServicesWidget,
    gettingStartedWidget,
    visitsApi,
  ],
});
