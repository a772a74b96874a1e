import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import request from 'supertest';
import { createTestDatabases } from './__testUtils__/databases';
import { at, sha } from './__testUtils__/fixtures';
import { deliveryPlugin } from './plugin';

jest.setTimeout(60_000);

const component = (name: string, owner: string, slug?: string): Entity => ({
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
const catalogFactory = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory: () => {
    const inner = catalogServiceMock({ entities: ENTITIES });
    const hidden = (credentials: any) =>
      credentials?.principal?.userEntityRef === 'user:default/mallory';
    return catalogServiceMock.mock({
      getEntitiesByRefs: (req, options) =>
        inner.getEntitiesByRefs(req, options),
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

const deployment = (
  externalId: string,
  hours: number,
  repository = 'acme/svc',
) => ({
  externalId,
  repository,
  environment: 'production',
  sha: sha(externalId),
  status: 'success',
  startedAt: at(hours - 0.1),
  finishedAt: at(hours),
});

describe('router', () => {
  const databases = createTestDatabases();

  async function start(
    id: Parameters<typeof databases.init>[0],
    options: { deny?: boolean } = {},
  ) {
    const knex = await databases.init(id);
    const { server } = await startTestBackend({
      features: [
        deliveryPlugin,
        catalogFactory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            delivery: { events: { maxBatchSize: 3 }, minimumSampleSize: 1 },
          },
        }),
        ...(options.deny
          ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })]
          : []),
      ],
    });
    return { server, knex };
  }

  it.each(databases.eachSupportedId())(
    'ingests events idempotently and serves metrics and drill-downs, %p',
    async id => {
      const { server, knex } = await start(id);
      const auth = mockCredentials.user.header();
      const first = await request(server)
        .post('/api/delivery/events/deployments')
        .set('Authorization', auth)
        .send({ items: [deployment('d1', 1), deployment('d2', 30)] });
      expect(first.status).toBe(202);
      expect(first.body).toEqual({
        accepted: 2,
        items: [
          { index: 0, status: 'stored' },
          { index: 1, status: 'stored' },
        ],
      });
      // the same events again, single and batched, from a service token
      const again = await request(server)
        .post('/api/delivery/events/deployments')
        .set('Authorization', mockCredentials.service.header())
        .send(deployment('d1', 1));
      expect(again.status).toBe(202);
      expect(
        Number((await knex('delivery_deployments').count({ n: '*' }))[0].n),
      ).toBe(2);

      const changes = await request(server)
        .post('/api/delivery/events/changes')
        .set('Authorization', auth)
        .send([
          {
            type: 'pull_request',
            repository: 'acme/svc',
            number: 1,
            mergedAt: at(0.5),
            mergeCommitSha: sha('d1'),
            mergeMethod: 'squash',
            commits: [{ sha: sha('c1'), authoredAt: at(0) }],
          },
        ]);
      expect(changes.status).toBe(202);
      const incidents = await request(server)
        .post('/api/delivery/events/incidents')
        .set('Authorization', auth)
        .send({
          externalId: 'INC-1',
          entityRef: 'component:default/svc',
          startedAt: at(2),
          resolvedAt: at(3),
        });
      expect(incidents.status).toBe(202);
      const runs = await request(server)
        .post('/api/delivery/events/pipeline-runs')
        .set('Authorization', auth)
        .send({
          externalId: 'run-1',
          repository: 'acme/svc',
          workflow: 'ci',
          status: 'completed',
          conclusion: 'success',
          startedAt: at(0.6),
        });
      expect(runs.status).toBe(202);

      const query = {
        entityRef: 'component:default/svc',
        from: at(0),
        to: at(7 * 24),
      };
      const metrics = await request(server)
        .get('/api/delivery/metrics')
        .set('Authorization', auth)
        .query(query);
      expect(metrics.status).toBe(200);
      expect(metrics.body.deploymentFrequency.count).toBe(2);
      expect(metrics.body.changeLeadTime.median).toBe(3600);
      expect(metrics.body.changeFailureRate.value).toBe(0.5);
      expect(metrics.body.failedDeploymentRecoveryTime.median).toBe(2 * 3600);
      expect(metrics.body.reportYear).toBe(2023);

      const series = await request(server)
        .get('/api/delivery/metrics/series')
        .set('Authorization', auth)
        .query(query);
      expect(series.status).toBe(200);
      expect(series.body.buckets).toHaveLength(1);
      expect(series.body.buckets[0].deployments).toBe(2);

      for (const [path, total] of [
        ['deployments', 2],
        ['changes', 1],
        ['incidents', 1],
        ['pipeline-runs', 1],
      ] as const) {
        const page = await request(server)
          .get(`/api/delivery/${path}`)
          .set('Authorization', auth)
          .query({ ...query, limit: 1 });
        expect(page.status).toBe(200);
        expect(page.body.totalCount).toBe(total);
        expect(page.body.items).toHaveLength(1);
      }

      // group rollup: team-a owns svc and secret, its child team-b owns other
      await request(server)
        .post('/api/delivery/events/deployments')
        .set('Authorization', auth)
        .send([
          deployment('o1', 5, 'acme/other'),
          deployment('s1', 6, 'acme/secret'),
        ]);
      const group = await request(server)
        .get('/api/delivery/metrics')
        .set('Authorization', auth)
        .query({
          group: 'group:default/team-a',
          from: query.from,
          to: query.to,
        });
      expect(group.status).toBe(200);
      expect(group.body.group).toBe('group:default/team-a');
      expect([...group.body.entityRefs].sort()).toEqual([
        'component:default/other',
        'component:default/secret',
        'component:default/svc',
      ]);
      expect(group.body.deploymentFrequency.count).toBe(4);
      // a caller who may not read the secret service does not get its figures
      const mallory = await request(server)
        .get('/api/delivery/metrics')
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/mallory'),
        )
        .query({ group: 'team-a', from: query.from, to: query.to });
      expect(mallory.status).toBe(200);
      expect(mallory.body.deploymentFrequency.count).toBe(3);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'answers every bad request with a 4xx, %p',
    async id => {
      const { server, knex } = await start(id);
      const auth = mockCredentials.user.header();
      const post = (body: any) =>
        request(server)
          .post('/api/delivery/events/deployments')
          .set('Authorization', auth)
          .send(body);

      const badJson = await request(server)
        .post('/api/delivery/events/deployments')
        .set('Authorization', auth)
        .set('Content-Type', 'application/json')
        .send('{"externalId": ');
      expect(badJson.status).toBe(400);

      const invalid = await post([
        deployment('ok', 1),
        { ...deployment('x', 2), sha: 'not-a-sha' },
        deployment('ok2', 3),
      ]);
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.name).toBe('InputError');
      expect(invalid.body.error.message).toMatch(
        /item 1: sha: must be a hexadecimal commit sha/,
      );
      expect(invalid.body.error.message).not.toMatch(/item 0|item 2/);
      expect(
        Number((await knex('delivery_deployments').count({ n: '*' }))[0].n),
      ).toBe(0);

      const missingFinish = await post({
        ...deployment('y', 1),
        finishedAt: undefined,
      });
      expect(missingFinish.status).toBe(400);
      expect(missingFinish.body.error.message).toMatch(/item 0: finishedAt/);

      const oversized = await post(
        [1, 2, 3, 4].map(i => deployment(`b${i}`, i)),
      );
      expect(oversized.status).toBe(400);
      expect(oversized.body.error.message).toMatch(/at most 3/);

      expect((await post({})).status).toBe(400);

      const unknownType = await request(server)
        .post('/api/delivery/events/changes')
        .set('Authorization', auth)
        .send({ type: 'tag' });
      expect(unknownType.status).toBe(400);

      const noAuth = await request(server)
        .post('/api/delivery/events/deployments')
        .set('Authorization', mockCredentials.none.header())
        .send(deployment('z', 1));
      expect(noAuth.status).toBe(401);

      const get = (q: Record<string, string>, header = auth) =>
        request(server)
          .get('/api/delivery/metrics')
          .set('Authorization', header)
          .query(q);
      const ref = 'component:default/svc';
      expect((await get({ entityRef: 'component:default/nope' })).status).toBe(
        404,
      );
      expect((await get({ entityRef: ref, from: 'yesterday' })).status).toBe(
        400,
      );
      expect(
        (await get({ entityRef: ref, from: at(10), to: at(5) })).status,
      ).toBe(400);
      expect(
        (await get({ entityRef: ref, from: at(5), to: at(5) })).status,
      ).toBe(400);
      expect((await get({})).status).toBe(400);
      expect((await get({ entityRef: ref, group: 'team-a' })).status).toBe(400);
      expect(
        (await get({ entityRef: 'component:default/noslug' })).status,
      ).toBe(400);
      expect((await get({ entityRef: ref, reportYear: '1999' })).status).toBe(
        400,
      );
      expect((await get({ group: 'group:default/nope' })).status).toBe(404);
      expect(
        (await get({ entityRef: ref }, mockCredentials.none.header())).status,
      ).toBe(401);
      // forbidden: indistinguishable from an entity that does not exist
      const forbidden = await get(
        { entityRef: 'component:default/secret' },
        mockCredentials.user.header('user:default/mallory'),
      );
      expect(forbidden.status).toBe(404);
      const drill = await request(server)
        .get('/api/delivery/changes')
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/mallory'),
        )
        .query({ entityRef: 'component:default/secret' });
      expect(drill.status).toBe(404);
      const badPage = await request(server)
        .get('/api/delivery/deployments')
        .set('Authorization', auth)
        .query({ entityRef: ref, limit: '100000' });
      expect(badPage.status).toBe(400);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses to write events without the create permission, %p',
    async id => {
      const { server, knex } = await start(id, { deny: true });
      const res = await request(server)
        .post('/api/delivery/events/incidents')
        .set('Authorization', mockCredentials.user.header())
        .send({
          externalId: 'INC-9',
          repository: 'acme/svc',
          startedAt: at(0),
        });
      expect(res.status).toBe(403);
      expect(
        Number((await knex('delivery_incidents').count({ n: '*' }))[0].n),
      ).toBe(0);
      await knex.destroy();
    },
  );
});
