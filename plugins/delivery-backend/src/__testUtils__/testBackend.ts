import {
  BackendFeature,
  coreServices,
  createServiceFactory,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import eventsPlugin from '@backstage/plugin-events-backend';
import knexFactory, { Knex } from 'knex';
import path from 'path';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsModuleJsonBody } from '../github/eventsModuleJsonBody';
import { deliveryPlugin } from '../plugin';

export const component = (
  name: string,
  owner: string,
  slug?: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: slug ? { 'github.com/project-slug': slug } : {},
  },
  spec: { type: 'service', lifecycle: 'production', owner },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

const ENTITIES: Entity[] = [
  component('svc', 'group:default/team-a', 'acme/svc'),
  component('other', 'group:default/team-b', 'acme/other'),
  component('secret', 'group:default/team-a', 'acme/secret'),
  component('noslug', 'group:default/team-a'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-a', namespace: 'default' },
    spec: { type: 'team', children: ['team-b'] },
    relations: [{ type: 'parentOf', targetRef: 'group:default/team-b' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-b', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'childOf', targetRef: 'group:default/team-a' }],
  },
];

/** The in-memory catalog, except that component:default/secret is invisible to user:default/mallory. */
const catalogFactory = (extraEntities: Entity[]) =>
  createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => {
      const inner = catalogServiceMock({
        entities: [...ENTITIES, ...extraEntities],
      });
      const hidden = (credentials: any) =>
        credentials?.principal?.userEntityRef === 'user:default/mallory';
      return catalogServiceMock.mock({
        getEntitiesByRefs: async (req, options: any) => {
          const res = await inner.getEntitiesByRefs(req, options);
          return hidden(options.credentials)
            ? {
                items: res.items.map(e =>
                  e?.metadata.name === 'secret' ? undefined : e,
                ),
              }
            : res;
        },
        getEntityByRef: async (ref: any, options: any) =>
          hidden(options.credentials) && String(ref).includes('secret')
            ? undefined
            : inner.getEntityByRef(ref, options),
        getEntities: async (req: any, options: any) => {
          const res = await inner.getEntities(req, options);
          return hidden(options.credentials)
            ? { items: res.items.filter(e => e.metadata.name !== 'secret') }
            : res;
        },
      });
    },
  });

/**
 * The two modules of `@backstage/plugin-events-backend-module-github`: the
 * signature-checked ingress for the `github` topic and the router to
 * `github.<event>`. Its default export loads them with a dynamic `import()`,
 * which Jest cannot run (it needs --experimental-vm-modules), so they are
 * required from the package's files (its exports map names only the root).
 */
function githubEventsModules(): BackendFeature[] {
  const dist = path.join(
    path.dirname(
      require.resolve(
        '@backstage/plugin-events-backend-module-github/package.json',
      ),
    ),
    'dist/service',
  );
  return ['eventsModuleGithubWebhook', 'eventsModuleGithubEventRouter'].map(
    name => require(path.join(dist, `${name}.cjs.js`)).default,
  );
}

/**
 * `knex` for every plugin but the events backend, which keeps its event bus
 * in memory on a database of its own (its migrations would otherwise share
 * the delivery plugin's migration table).
 */
function eventsBackendDatabase(knex: Knex) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { pluginMetadata: coreServices.pluginMetadata },
    factory: ({ pluginMetadata }) =>
      mockServices.database({
        knex:
          pluginMetadata.getId() === 'events'
            ? knexFactory({
                client: 'better-sqlite3',
                connection: ':memory:',
                useNullAsDefault: true,
              })
            : knex,
      }),
  });
}

export interface DeliveryBackendOptions {
  /** Every permission decision is DENY. */
  deny?: boolean;
  /** `delivery.github` config */
  github?: object;
  /**
   * With the events backend and its GitHub module: GitHub webhooks are
   * received at /api/events/http/github, signed with `secret` when given
   * (`events.modules.github.webhookSecret`).
   */
  webhooks?: { secret?: string };
  /** catalog entities besides the usual ones */
  entities?: Entity[];
  rootLogger?: RootLoggerService;
  /** `delivery.events` config; by default batches of at most 3 items */
  events?: object;
}

/**
 * The delivery plugin in a test backend on one of `databases`, with the
 * catalog above (components svc, other, secret and noslug of groups team-a
 * and its child team-b) and mock auth and permissions.
 */
export async function startDeliveryBackend(
  databases: TestDatabases,
  id: Parameters<TestDatabases['init']>[0],
  options: DeliveryBackendOptions = {},
) {
  const knex = await databases.init(id);
  const { server } = await startTestBackend({
    features: [
      deliveryPlugin,
      catalogFactory(options.entities ?? []),
      eventsServiceFactory,
      options.webhooks
        ? eventsBackendDatabase(knex)
        : mockServices.database.factory({ knex }),
      ...(options.webhooks
        ? [eventsPlugin, eventsModuleJsonBody, ...githubEventsModules()]
        : []),
      mockServices.rootConfig.factory({
        data: {
          delivery: {
            events: options.events ?? { maxBatchSize: 3 },
            minimumSampleSize: 1,
            ...(options.github ? { github: options.github } : {}),
          },
          ...(options.webhooks?.secret
            ? {
                events: {
                  modules: {
                    github: { webhookSecret: options.webhooks.secret },
                  },
                },
              }
            : {}),
        },
      }),
      ...(options.deny
        ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })]
        : []),
      ...(options.rootLogger
        ? [
            createServiceFactory({
              service: coreServices.rootLogger,
              deps: {},
              factory: () => options.rootLogger!,
            }),
          ]
        : []),
    ],
  });
  return { server, knex };
}
