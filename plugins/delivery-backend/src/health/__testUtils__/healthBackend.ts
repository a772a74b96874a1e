import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { deliveryPlugin } from '../../plugin';

export const component = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
});

/** The delivery plugin with `entities` in the catalog and `delivery` config (minimum sample 1). */
export async function startHealthBackend(options: {
  knex?: Knex;
  entities: Entity[];
  delivery: object;
}) {
  const { server } = await startTestBackend({
    features: [
      deliveryPlugin,
      eventsServiceFactory,
      catalogServiceMock.factory({ entities: options.entities }),
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
      mockServices.rootConfig.factory({
        data: { delivery: { minimumSampleSize: 1, ...options.delivery } },
      }),
    ],
  });
  return server;
}
