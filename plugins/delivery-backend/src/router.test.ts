import { mockCredentials } from '@backstage/backend-test-utils';
import { RootLoggerService } from '@backstage/backend-plugin-api';
import webhookExamples from '@octokit/webhooks-examples';
import request from 'supertest';
import { inspect } from 'util';
import { signPayload } from './github/verifySignature';
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
          /state: Invalid enum value. Expected 'open' \| 'resolved' \| 'all', received 'closed'/,
        );
        await expectInvalid('incidents', { state: '' }, /state: Invalid enum/);
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
  describe('GitHub webhooks', () => {
    const SECRET = 'whsec-test-7f3a9c1e5b';
    const github = { webhookSecret: SECRET };
    const auth = mockCredentials.user.header();

    /** A deep copy of GitHub's example payload, moved to the test entity's repository. */
    function example(
      name: string,
      pick: (e: any) => boolean = () => true,
    ): any {
      const found = (webhookExamples as any[])
        .find(w => w.name === name)
        .examples.find(pick);
      const copy = JSON.parse(JSON.stringify(found));
      copy.repository.full_name = 'acme/svc';
      return copy;
    }

    function deliver(
      server: Parameters<typeof request>[0],
      event: string,
      payload: unknown,
      options: { secret?: string; delivery?: string } = {},
    ) {
      const body =
        typeof payload === 'string' ? payload : JSON.stringify(payload);
      return request(server)
        .post('/api/delivery/webhooks/github')
        .set('Content-Type', 'application/json')
        .set('X-GitHub-Event', event)
        .set('X-GitHub-Delivery', options.delivery ?? `delivery-${event}`)
        .set('X-Hub-Signature-256', signPayload(options.secret ?? SECRET, body))
        .send(body);
    }

    const drill = (
      server: Parameters<typeof request>[0],
      path: string,
      around: string,
      extra: object = {},
    ) =>
      request(server)
        .get(`/api/delivery/${path}`)
        .set('Authorization', auth)
        .query({
          entityRef: 'component:default/svc',
          from: new Date(Date.parse(around) - 86_400_000).toISOString(),
          to: new Date(Date.parse(around) + 86_400_000).toISOString(),
          ...extra,
        });

    it.each(databases.eachSupportedId())(
      'stores deployment_status deliveries once, %p',
      async id => {
        const { server, knex } = await start(id, { github });
        const success = example(
          'deployment_status',
          e => e.deployment_status.state === 'success',
        );
        expect(
          (await deliver(server, 'deployment_status', success)).body,
        ).toEqual({
          accepted: 1,
          items: [{ index: 0, status: 'stored' }],
        });
        // GitHub redelivers: stored once
        const redelivered = await deliver(server, 'deployment_status', success);
        expect(redelivered.status).toBe(202);
        expect(redelivered.body.items).toEqual([
          { index: 0, status: 'unchanged' },
        ]);
        const page = await drill(
          server,
          'deployments',
          success.deployment.created_at,
        );
        expect(page.status).toBe(200);
        expect(page.body.totalCount).toBe(1);
        expect(page.body.items[0]).toMatchObject({
          source: 'github',
          externalId: String(success.deployment.id),
          repository: 'acme/svc',
          environment: 'production',
          sha: success.deployment.sha,
          ref: success.deployment.ref,
          status: 'success',
          startedAt: new Date(success.deployment.created_at).toISOString(),
          finishedAt: new Date(
            success.deployment_status.created_at,
          ).toISOString(),
        });

        // a late in_progress of the same deployment (a later event time)
        // neither demotes the success nor clears its finish; it only fills
        // the log URL the success lacked
        const running = example(
          'deployment_status',
          e => e.deployment_status.state === 'in_progress',
        );
        expect(running.deployment.id).toBe(success.deployment.id);
        const late = await deliver(server, 'deployment_status', running);
        expect(late.status).toBe(202);
        expect(late.body.items).toEqual([{ index: 0, status: 'updated' }]);
        const after = await drill(
          server,
          'deployments',
          success.deployment.created_at,
        );
        expect(after.body.items).toMatchObject([
          {
            environment: 'production',
            status: 'success',
            finishedAt: new Date(
              success.deployment_status.created_at,
            ).toISOString(),
            url: running.deployment_status.log_url,
          },
        ]);
        expect(
          (await deliver(server, 'deployment_status', running)).body.items,
        ).toEqual([
          {
            index: 0,
            status: 'ignored',
            reason: 'a final status is never replaced by a non-final one',
          },
        ]);

        const inactive = example('deployment_status');
        inactive.deployment_status.state = 'inactive';
        const ignored = await deliver(server, 'deployment_status', inactive);
        expect(ignored.status).toBe(202);
        expect(ignored.body.ignored).toBe(true);
        await knex.destroy();
      },
    );

    it.each(databases.eachSupportedId())(
      'stores merged pull requests and default-branch pushes as changes, %p',
      async id => {
        const { server, knex } = await start(id, { github });
        const push = example('push', e => e.ref === 'refs/heads/master');
        const commit = push.commits[0];
        // the example closes the pull request unmerged: merge it
        const closed = example('pull_request', e => e.action === 'closed');
        const pr = closed.pull_request;
        pr.merged = true;
        pr.merged_at = pr.closed_at;
        for (const status of ['stored', 'unchanged']) {
          expect((await deliver(server, 'push', push)).body).toEqual({
            accepted: 1,
            items: [{ index: 0, status }],
          });
          expect((await deliver(server, 'pull_request', closed)).body).toEqual({
            accepted: 1,
            items: [{ index: 0, status }],
          });
        }
        const unmerged = example('pull_request', e => e.action === 'opened');
        expect(
          (await deliver(server, 'pull_request', unmerged)).body.ignored,
        ).toBe(true);
        const tag = example('push', e => e.ref.startsWith('refs/tags/'));
        expect((await deliver(server, 'push', tag)).body.ignored).toBe(true);

        // a production deployment of the merge commit ships both changes
        const deployedAt = new Date(
          Date.parse(pr.merged_at) + 3_600_000,
        ).toISOString();
        expect(
          (
            await request(server)
              .post('/api/delivery/events/deployments')
              .set('Authorization', auth)
              .send({
                externalId: 'deploy-1',
                repository: 'acme/svc',
                environment: 'production',
                sha: pr.merge_commit_sha,
                status: 'success',
                finishedAt: deployedAt,
              })
          ).status,
        ).toBe(202);
        const page = await drill(server, 'changes', deployedAt);
        expect(page.status).toBe(200);
        expect(page.body.totalCount).toBe(2);
        expect(page.body.items).toEqual([
          expect.objectContaining({
            changeKey: `pr:${pr.number}`,
            pullRequestNumber: pr.number,
            headSha: pr.merge_commit_sha,
            title: pr.title,
            landedAt: new Date(pr.merged_at).toISOString(),
            // not in the webhook: the pull request's first commit
            firstCommitAt: null,
            leadTimeSeconds: null,
          }),
          expect.objectContaining({
            changeKey: `commit:${commit.id}`,
            headSha: commit.id,
            title: commit.message,
            firstCommitAt: new Date(commit.timestamp).toISOString(),
            landedAt: new Date(push.repository.pushed_at * 1000).toISOString(),
          }),
        ]);
        await knex.destroy();
      },
    );

    it.each(databases.eachSupportedId())(
      'makes one change of a rebase merge, whichever webhook comes first, %p',
      async id => {
        const { server, knex } = await start(id, { github });
        for (const [n, pushFirst] of [
          [1, true],
          [2, false],
        ] as const) {
          // "Rebase and merge" of three commits: the push carries the rebased
          // commits and ends at the pull request's merge commit
          const push = example('push', e => e.ref === 'refs/heads/master');
          push.commits = [0, 1, 2].map(i => ({
            ...push.commits[0],
            id: sha(`pr${n}-rebased-${i}`),
            message: `Step ${i}`,
            timestamp: at(n * 10 + i),
          }));
          push.head_commit = push.commits[2];
          push.after = push.commits[2].id;
          push.repository.pushed_at = Date.parse(at(n * 10 + 3)) / 1000;
          const closed = example('pull_request', e => e.action === 'closed');
          closed.number = n;
          closed.pull_request.number = n;
          closed.pull_request.merged = true;
          closed.pull_request.merged_at = at(n * 10 + 3);
          closed.pull_request.merge_commit_sha = push.after;
          const deliveries = [
            () => deliver(server, 'push', push),
            () => deliver(server, 'pull_request', closed),
          ];
          if (!pushFirst) deliveries.reverse();
          for (const send of deliveries)
            expect((await send()).status).toBe(202);
          const deployed = await request(server)
            .post('/api/delivery/events/deployments')
            .set('Authorization', auth)
            .send({
              externalId: `deploy-rebase-${n}`,
              repository: 'acme/svc',
              environment: 'production',
              sha: push.after,
              status: 'success',
              finishedAt: at(n * 10 + 4),
            });
          expect(deployed.status).toBe(202);
          const page = await drill(server, 'changes', at(n * 10 + 4), {
            from: at(n * 10 + 4),
            to: at(n * 10 + 5),
          });
          expect(page.status).toBe(200);
          expect(page.body.items).toEqual([
            expect.objectContaining({
              changeKey: `pr:${n}`,
              headSha: push.after,
              firstCommitAt: at(n * 10),
            }),
          ]);
        }
        await knex.destroy();
      },
    );

    it.each(databases.eachSupportedId())(
      'stores a workflow run once, its re-run as its latest attempt, %p',
      async id => {
        const { server, knex } = await start(id, { github });
        const completed = example(
          'workflow_run',
          e => e.workflow_run.conclusion === 'success',
        );
        const run = completed.workflow_run;
        await deliver(server, 'workflow_run', completed);
        expect((await deliver(server, 'workflow_run', completed)).status).toBe(
          202,
        );
        const retried = JSON.parse(JSON.stringify(completed));
        retried.workflow_run.run_attempt = 2;
        await deliver(server, 'workflow_run', retried);
        const page = await drill(server, 'pipeline-runs', run.run_started_at);
        expect(page.status).toBe(200);
        expect(page.body.totalCount).toBe(1);
        expect(page.body.items[0]).toMatchObject({
          externalId: String(run.id),
          attempt: 2,
          actor: (run.triggering_actor ?? run.actor).login,
          workflow: run.name || completed.workflow.name,
          branch: run.head_branch,
          sha: run.head_sha,
          status: 'completed',
          conclusion: 'success',
          startedAt: new Date(run.run_started_at).toISOString(),
          finishedAt: new Date(run.updated_at).toISOString(),
          url: run.html_url,
        });
        await knex.destroy();
      },
    );

    it.each(databases.eachSupportedId())(
      'stores issues labelled incident as incidents, %p',
      async id => {
        const { server, knex } = await start(id, {
          github: { ...github, incidentLabel: 'Outage' },
        });
        const plain = example('issues', e => e.action === 'opened');
        expect((await deliver(server, 'issues', plain)).body.ignored).toBe(
          true,
        );

        const opened = example('issues', e => e.action === 'opened');
        opened.issue.labels.push({ name: 'outage' });
        opened.issue.body =
          'root cause: 9fceb02d0ae598e95dc970b74767f19372d61af8';
        await deliver(server, 'issues', opened);
        let page = await drill(server, 'incidents', opened.issue.created_at);
        expect(page.body.items).toMatchObject([
          {
            source: 'github',
            externalId: `acme/svc#${opened.issue.number}`,
            title: opened.issue.title,
            startedAt: new Date(opened.issue.created_at).toISOString(),
            resolvedAt: null,
            notChangeRelated: false,
          },
        ]);

        const closed = JSON.parse(JSON.stringify(opened));
        closed.action = 'closed';
        closed.issue.state = 'closed';
        closed.issue.closed_at = new Date(
          Date.parse(opened.issue.created_at) + 1_800_000,
        ).toISOString();
        closed.issue.labels.push({ name: 'not-change-related' });
        await deliver(server, 'issues', closed);
        await deliver(server, 'issues', closed);
        page = await drill(server, 'incidents', opened.issue.created_at);
        expect(page.body.totalCount).toBe(1);
        expect(page.body.items[0]).toMatchObject({
          resolvedAt: closed.issue.closed_at,
          notChangeRelated: true,
        });
        const row = await knex('delivery_incidents').first();
        expect(row.root_cause_sha).toBe(
          '9fceb02d0ae598e95dc970b74767f19372d61af8',
        );

        const reopened = JSON.parse(JSON.stringify(closed));
        reopened.action = 'reopened';
        reopened.issue.state = 'open';
        reopened.issue.closed_at = null;
        await deliver(server, 'issues', reopened);
        page = await drill(server, 'incidents', opened.issue.created_at);
        expect(page.body.items[0]).toMatchObject({
          resolvedAt: null,
          notChangeRelated: true,
        });
        await knex.destroy();
      },
    );

    it.each(databases.eachSupportedId())(
      'accepts only signed deliveries and never logs the secret, %p',
      async id => {
        const lines: string[] = [];
        const capture = (level: string) => (message: string, meta?: unknown) =>
          void lines.push(`${level} ${message} ${inspect(meta)}`);
        const rootLogger: RootLoggerService = {
          error: capture('error'),
          warn: capture('warn'),
          info: capture('info'),
          debug: capture('debug'),
          child: () => rootLogger,
        };
        const { server, knex } = await start(id, { github, rootLogger });
        const payload = example('deployment_status');
        const count = async () =>
          Number((await knex('delivery_deployments').count({ n: '*' }))[0].n);

        const forged = await deliver(server, 'deployment_status', payload, {
          secret: 'not-the-secret',
        });
        expect(forged.status).toBe(401);
        expect(forged.body.error.message).toMatch(/X-Hub-Signature-256/);
        const unsigned = await request(server)
          .post('/api/delivery/webhooks/github')
          .set('Content-Type', 'application/json')
          .set('X-GitHub-Event', 'deployment_status')
          .send(JSON.stringify(payload));
        expect(unsigned.status).toBe(401);
        expect(unsigned.body.error.message).toMatch(/Missing/);
        expect(await count()).toBe(0);

        expect(
          (await deliver(server, 'deployment_status', '{"zen":')).status,
        ).toBe(400);
        const invalid = JSON.parse(JSON.stringify(payload));
        invalid.deployment.sha = 'not-a-sha';
        const rejected = await deliver(server, 'deployment_status', invalid);
        expect(rejected.status).toBe(400);
        expect(rejected.body.error.message).toMatch(
          /sha: must be a hexadecimal commit sha/,
        );
        expect(await count()).toBe(0);

        const ping = await deliver(server, 'ping', example('ping'));
        expect(ping.status).toBe(200);
        const star = await deliver(server, 'star', example('star'));
        expect(star.status).toBe(202);
        expect(star.body).toMatchObject({ ignored: true });
        expect(star.body.reason).toMatch(/"star"/);

        const signature = signPayload(SECRET, JSON.stringify(payload));
        expect(
          (
            await deliver(server, 'deployment_status', payload, {
              delivery: 'd-42',
            })
          ).status,
        ).toBe(202);
        expect(await count()).toBe(1);
        expect(lines.some(l => l.includes('d-42'))).toBe(true);
        const logged = lines.join('\n');
        expect(logged).not.toContain(SECRET);
        expect(logged).not.toContain(signature.slice('sha256='.length));
        await knex.destroy();
      },
    );

    it.each(databases.eachSupportedId())(
      'refuses deliveries when no secret is configured, %p',
      async id => {
        const { server, knex } = await start(id);
        const res = await deliver(server, 'ping', example('ping'));
        expect(res.status).toBe(503);
        expect(res.body.error.message).toMatch(/delivery.github.webhookSecret/);
        await knex.destroy();
      },
    );
  });
});
