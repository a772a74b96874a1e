import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from './__testUtils__/databases';
import { at, sha } from './__testUtils__/fixtures';
import { startDeliveryBackend } from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const auth = mockCredentials.user.header();
const TABLES = [
  'delivery_deployments',
  'delivery_incidents',
  'delivery_pipeline_runs',
  'delivery_pull_requests',
  'delivery_commits',
];

const deployment = (overrides: object = {}) => ({
  externalId: 'd1',
  repository: 'acme/svc',
  environment: 'production',
  sha: sha('d1'),
  status: 'success',
  startedAt: at(0),
  finishedAt: at(1),
  ...overrides,
});
const pullRequest = (overrides: object = {}) => ({
  type: 'pull_request',
  repository: 'acme/svc',
  number: 7,
  mergedAt: at(1),
  mergeCommitSha: sha('m1'),
  ...overrides,
});

describe('input limits', () => {
  const databases = createTestDatabases();

  async function start(
    id: Parameters<typeof databases.init>[0],
    events: object = { maxBatchSize: 3, maxBatchBytes: 4 * 1024 * 1024 },
  ) {
    const { server, knex } = await startDeliveryBackend(databases, id, {
      events,
    });
    const rows = async () => {
      let n = 0;
      for (const table of TABLES) {
        n += Number((await knex(table).count({ n: '*' }))[0].n);
      }
      return n;
    };
    const post = (path: string, body: unknown) =>
      request(server)
        .post(`/api/delivery/events/${path}`)
        .set('Authorization', auth)
        .send(body as object);
    const get = (path: string, query: Record<string, string>) =>
      request(server)
        .get(`/api/delivery/${path}`)
        .set('Authorization', auth)
        .query({ entityRef: 'component:default/svc', ...query });
    return { server, knex, rows, post, get };
  }

  /** A 400 whose message names `field`. */
  function expectInvalid(res: request.Response, field: RegExp) {
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toMatch(field);
  }

  it.each(databases.eachSupportedId())(
    'refuses times that are no real instant or outside 2000..2099, %p',
    async id => {
      const { knex, rows, post, get } = await start(id);
      for (const finishedAt of [
        '2026-01-05T10:00:00+99:99',
        '2026-01-05T10:00:00+24:00',
        '1970-01-01T00:00:00Z',
        '2100-01-01T00:00:00Z',
      ]) {
        expectInvalid(
          await post('deployments', deployment({ finishedAt })),
          /item 0: finishedAt: must be/,
        );
      }
      expectInvalid(
        await post(
          'changes',
          pullRequest({ mergedAt: '2026-01-05T10:00+99:99' }),
        ),
        /item 0: mergedAt: must be/,
      );
      expect(await rows()).toBe(0);
      for (const path of ['metrics', 'metrics/series', 'deployments']) {
        expectInvalid(
          await get(path, { from: '2026-01-05T10:00:00+99:99' }),
          /from: must be an instant from the year 2000 to 2099/,
        );
        expectInvalid(
          await get(path, { to: '2026-01-05T10:00:00-99:00' }),
          /to: must be an instant/,
        );
      }
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'answers paging and report year parameters out of range with a 400 naming them, %p',
    async id => {
      const { knex, get } = await start(id);
      for (const offset of ['1e20', '-1', '0x10', '2147483648', '1.5', '']) {
        expectInvalid(
          await get('changes', { offset }),
          /offset: must be a whole number from 0 to 2147483647/,
        );
      }
      for (const limit of ['0', '501', '1e2']) {
        expectInvalid(
          await get('pipeline-runs', { limit }),
          /limit: must be a whole number from 1 to 500/,
        );
      }
      expectInvalid(
        await get('metrics', { reportYear: '1e20' }),
        /reportYear: must be a whole number/,
      );
      expectInvalid(
        await get('metrics', { reportYear: '2001' }),
        /reportYear: no DORA benchmark for 2001/,
      );
      expectInvalid(
        await get('metrics', { entityRef: 'x'.repeat(256) }),
        /entityRef: Too big: expected string to have <=255 characters/,
      );
      expectInvalid(
        await get('deployments', { environment: 'prod\u0000' }),
        /environment: must not contain NUL/,
      );
      expect((await get('changes', { offset: '3', limit: '500' })).status).toBe(
        200,
      );
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses strings, numbers and URLs the database cannot hold or users should not follow, %p',
    async id => {
      const { knex, rows, post } = await start(id);
      expectInvalid(
        await post(
          'deployments',
          deployment({ repository: `acme/${'r'.repeat(300)}` }),
        ),
        /item 0: repository: Too big: expected string to have <=255 characters/,
      );
      expectInvalid(
        await post('deployments', deployment({ environment: 'prod\u0000' })),
        /item 0: environment: must not contain NUL characters/,
      );
      expectInvalid(
        await post('incidents', {
          externalId: 'INC-1',
          repository: 'acme/svc',
          startedAt: at(0),
          title: 'down\u0000',
        }),
        /item 0: title: must not contain NUL/,
      );
      expectInvalid(
        await post('changes', pullRequest({ labels: ['a\u0000'] })),
        /item 0: labels.0: must not contain NUL/,
      );
      expectInvalid(
        await post('changes', pullRequest({ number: 2 ** 31 })),
        /item 0: number: Too big: expected number to be <=2147483647/,
      );
      expectInvalid(
        await post('changes', {
          type: 'commit',
          repository: 'acme/svc',
          sha: sha('c1'),
          authoredAt: at(0),
          pullRequestNumber: 2 ** 40,
        }),
        /item 0: pullRequestNumber: Too big: expected number to be <=/,
      );
      expectInvalid(
        await post(
          'deployments',
          deployment({
            url: `https://example.com/${'x'.repeat(2 * 1024 * 1024)}`,
          }),
        ),
        /item 0: url: Too big: expected string to have <=2048 characters/,
      );
      for (const url of [
        // eslint-disable-next-line no-script-url -- a URL the API must refuse
        'javascript:alert(1)',
        'data:text/html,<script>alert(1)</script>',
        'file:///etc/passwd',
      ]) {
        expectInvalid(
          await post('pipeline-runs', {
            externalId: 'run-1',
            repository: 'acme/svc',
            workflow: 'ci',
            status: 'queued',
            url,
          }),
          /item 0: url: must be an http or https URL/,
        );
      }
      expect(await rows()).toBe(0);
      expect(
        (
          await post(
            'deployments',
            deployment({ url: 'https://ci.example.com/runs/1' }),
          )
        ).status,
      ).toBe(202);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'answers bodies and batches over the configured limits with a 413 naming the limit, %p',
    async id => {
      const { knex, rows, post } = await start(id, {
        maxBatchSize: 2,
        maxBatchBytes: 4096,
      });
      const big = await post('deployments', [
        deployment({ ref: 'r'.repeat(200) }),
        ...Array.from({ length: 30 }, (_, i) =>
          deployment({ externalId: `d${i}`, ref: 'r'.repeat(200) }),
        ),
      ]);
      expect(big.status).toBe(413);
      expect(big.body.error.message).toBe(
        'The request body is larger than delivery.events.maxBatchBytes (4096 bytes)',
      );
      const many = await post('deployments', [
        deployment({ externalId: 'a' }),
        deployment({ externalId: 'b' }),
        deployment({ externalId: 'c' }),
      ]);
      expect(many.status).toBe(413);
      expect(many.body.error.message).toMatch(
        /The batch has 3 items; delivery.events.maxBatchSize allows at most 2/,
      );
      expect(await rows()).toBe(0);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses bodies over 1 MiB by default, %p',
    async id => {
      const { knex, rows, post } = await start(id, {});
      const res = await post(
        'changes',
        // 1.2 MB of valid pull requests
        Array.from({ length: 600 }, (_, i) =>
          pullRequest({ number: i + 1, title: 't'.repeat(2000) }),
        ),
      );
      expect(res.status).toBe(413);
      expect(res.body.error.message).toBe(
        'The request body is larger than delivery.events.maxBatchBytes (1048576 bytes)',
      );
      expect(await rows()).toBe(0);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'answers malformed JSON with a 400 that does not echo the body, %p',
    async id => {
      const { server, knex } = await start(id);
      const res = await request(server)
        .post('/api/delivery/events/deployments')
        .set('Authorization', auth)
        .set('Content-Type', 'application/json')
        .send('{"externalId": "tok-5ecret-value" oops');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe('The request body is not valid JSON');
      expect(JSON.stringify(res.body)).not.toContain('5ecret');
      await knex.destroy();
    },
  );
});
