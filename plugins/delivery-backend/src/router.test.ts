import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from './__testUtils__/databases';
import { at, sha } from './__testUtils__/fixtures';
import {
  DeliveryBackendOptions,
  startDeliveryBackend,
} from './__testUtils__/testBackend';

jest.setTimeout(60_000);

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

  const start = (
    id: Parameters<typeof databases.init>[0],
    options: DeliveryBackendOptions = {},
  ) => startDeliveryBackend(databases, id, options);

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
      expect(again.body).toEqual({
        accepted: 1,
        items: [{ index: 0, status: 'unchanged' }],
      });
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
      expect(metrics.body.reportYear).toBe(2024);

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
      expect(oversized.status).toBe(413);
      expect(oversized.body.error.message).toMatch(
        /delivery.events.maxBatchSize allows at most 3/,
      );

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

  describe('environment and incident state filters', () => {
    const auth = mockCredentials.user.header();
    /** Posts events in batches the test config accepts (at most 3). */
    async function send(
      server: Parameters<typeof request>[0],
      kind: string,
      events: object[],
    ) {
      for (let i = 0; i < events.length; i += 3) {
        const res = await request(server)
          .post(`/api/delivery/events/${kind}`)
          .set('Authorization', auth)
          .send(events.slice(i, i + 3));
        expect(res.status).toBe(202);
      }
    }
    /** The window of these tests: hours 0 to 100. */
    const list = (
      server: Parameters<typeof request>[0],
      path: string,
      extra: Record<string, string> = {},
    ) =>
      request(server)
        .get(`/api/delivery/${path}`)
        .set('Authorization', auth)
        .query({
          entityRef: 'component:default/svc',
          from: at(0),
          to: at(100),
          ...extra,
        });
    const ids = (res: request.Response, key = 'externalId') =>
      res.body.items.map((r: any) => r[key]);

    it.each(databases.eachSupportedId())(
      'lists the deployments of every environment with environment=*, %p',
      async id => {
        const { server, knex } = await start(id);
        await send(server, 'deployments', [
          deployment('old-prod', -52),
          deployment('prod', 10),
          { ...deployment('stage', 20), environment: 'staging' },
          {
            ...deployment('stage-failed', 30),
            environment: 'staging',
            status: 'failure',
          },
          { ...deployment('other-repo', 40, 'acme/other'), environment: 'qa' },
        ]);

        const production = await list(server, 'deployments');
        expect(production.status).toBe(200);
        expect(ids(production)).toEqual(['prod']);
        expect(production.body.totalCount).toBe(1);

        const all = await list(server, 'deployments', { environment: '*' });
        expect(all.status).toBe(200);
        // newest first; old-prod is before the window, other-repo another component's
        expect(ids(all)).toEqual(['stage-failed', 'stage', 'prod']);
        expect(all.body.totalCount).toBe(3);
        expect(ids(all, 'environment')).toEqual([
          'staging',
          'staging',
          'production',
        ]);

        const paged = await list(server, 'deployments', {
          environment: '*',
          limit: '2',
          offset: '1',
        });
        expect(ids(paged)).toEqual(['stage', 'prod']);
        expect(paged.body.totalCount).toBe(3);

        const staging = await list(server, 'deployments', {
          environment: 'staging',
        });
        expect(ids(staging)).toEqual(['stage-failed', 'stage']);
        await knex.destroy();
      },
    );

    it.each(databases.eachSupportedId())(
      'filters incidents by state open, resolved and all, %p',
      async id => {
        const { server, knex } = await start(id);
        await send(server, 'deployments', [deployment('old-prod', -52)]);
        const incident = (
          externalId: string,
          startedAt: number,
          resolvedAt?: number,
          repository = 'acme/svc',
        ) => ({
          externalId,
          repository,
          startedAt: at(startedAt),
          ...(resolvedAt === undefined ? {} : { resolvedAt: at(resolvedAt) }),
        });
        await send(server, 'incidents', [
          // started before the window and still open: only state=open
          incident('before-open', -50),
          // started and resolved before the window: never
          incident('before-resolved', -60, -40),
          // started before the window, resolved in it: never (not started in it, not open)
          incident('before-resolved-in', -70, 50),
          incident('in-resolved', 5, 8),
          incident('in-open', 50),
          // started after the window's end: never
          incident('after-open', 150),
          // another component's
          incident('other-open', 20, undefined, 'acme/other'),
        ]);

        const all = await list(server, 'incidents');
        expect(all.status).toBe(200);
        expect(ids(all)).toEqual(['in-open', 'in-resolved']);
        expect(all.body.totalCount).toBe(2);
        const explicitAll = await list(server, 'incidents', { state: 'all' });
        expect(explicitAll.body).toEqual(all.body);

        const open = await list(server, 'incidents', { state: 'open' });
        expect(open.status).toBe(200);
        expect(ids(open)).toEqual(['in-open', 'before-open']);
        expect(open.body.totalCount).toBe(2);
        expect(open.body.items.map((r: any) => r.resolvedAt)).toEqual([
          null,
          null,
        ]);
        // old-prod finished 2 hours before before-open started: attributed by time window
        const beforeOpen = open.body.items[1];
        expect(beforeOpen.attribution).toBe('time-window');
        expect(beforeOpen.attributedDeploymentId).not.toBeNull();

        const firstOpen = await list(server, 'incidents', {
          state: 'open',
          limit: '1',
        });
        expect(ids(firstOpen)).toEqual(['in-open']);
        expect(firstOpen.body.totalCount).toBe(2);

        // `to` still bounds open incidents: none started before hour 0 but before-open
        const openEarlier = await list(server, 'incidents', {
          state: 'open',
          from: at(-10),
          to: at(0),
        });
        expect(ids(openEarlier)).toEqual(['before-open']);

        const resolved = await list(server, 'incidents', {
          state: 'resolved',
        });
        expect(resolved.status).toBe(200);
        expect(ids(resolved)).toEqual(['in-resolved']);
        expect(resolved.body.totalCount).toBe(1);
        await knex.destroy();
      },
    );

    it.each(databases.eachSupportedId())(
      'answers bad environment and state values with a 400, %p',
      async id => {
        const { server, knex } = await start(id);
        const expectInvalid = async (
          path: string,
          extra: Record<string, string>,
          message: RegExp,
        ) => {
          const res = await list(server, path, extra);
          expect(res.status).toBe(400);
          expect(res.body.error.name).toBe('InputError');
          expect(res.body.error.message).toMatch(message);
        };
        await expectInvalid(
          'deployments',
          { environment: '' },
          /environment: must name an environment/,
        );
        await expectInvalid(
          'deployments',
          { environment: '  ' },
          /environment: must name an environment/,
        );
        for (const path of ['changes', 'incidents', 'metrics']) {
          await expectInvalid(
            path,
            { environment: '*' },
            /environment: "\*" \(every environment\) is only accepted by \/deployments/,
          );
        }
        await expectInvalid(
          'incidents',
          { state: 'closed' },
          /state: Invalid option: expected one of "open"\|"resolved"\|"all"/,
        );
        await expectInvalid(
          'incidents',
          { state: '' },
          /state: Invalid option/,
        );
        await knex.destroy();
      },
    );
  });

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
