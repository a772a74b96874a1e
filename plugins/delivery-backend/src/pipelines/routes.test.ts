import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { sha } from '../__testUtils__/fixtures';
import { startDeliveryBackend } from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const hoursAgo = (h: number) => new Date(Date.now() - h * HOUR).toISOString();

const run = (
  externalId: string,
  o: { repository?: string; conclusion?: string; hours: number; sha?: string },
) => ({
  externalId,
  repository: o.repository ?? 'acme/svc',
  workflow: 'ci',
  branch: 'main',
  sha: sha(o.sha ?? externalId),
  status: 'completed',
  conclusion: o.conclusion ?? 'success',
  startedAt: hoursAgo(o.hours),
  finishedAt: hoursAgo(o.hours - 0.1),
  actor: 'ana',
  attempt: 1,
  url: `https://github.com/acme/svc/actions/runs/${externalId}`,
});

describe('pipeline routes', () => {
  const databases = createTestDatabases();
  const auth = mockCredentials.user.header();

  it.each(databases.eachSupportedId())(
    'list and summarise the runs of the entity repository only, %p',
    async id => {
      const { server, knex } = await startDeliveryBackend(databases, id);
      const post = (items: unknown[]) =>
        request(server)
          .post('/api/delivery/events/pipeline-runs')
          .set('Authorization', auth)
          .send({ items });
      expect(
        (
          await post([
            run('1', { hours: 3, conclusion: 'failure', sha: 'x' }),
            run('2', { hours: 2, sha: 'x' }),
            run('3', { hours: 1, repository: 'acme/other' }),
          ])
        ).status,
      ).toBe(202);
      const get = (path: string, q: Record<string, string>) =>
        request(server)
          .get(`/api/delivery/${path}`)
          .set('Authorization', auth)
          .query({ entityRef: 'component:default/svc', ...q });

      const page = await get('pipeline-runs', {
        limit: '1',
        from: hoursAgo(24),
        to: hoursAgo(0),
      });
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ totalCount: 2, limit: 1, offset: 0 });
      expect(page.body.items).toEqual([
        expect.objectContaining({ externalId: '2', actor: 'ana', attempt: 1 }),
      ]);
      const failed = await get('pipeline-runs', {
        status: 'failure',
        workflow: 'ci',
        branch: 'main',
        sha: sha('x').toUpperCase(),
      });
      expect(failed.body.items.map((r: any) => r.externalId)).toEqual(['1']);

      const summary = await get('pipeline-runs/summary', {});
      expect(summary.status).toBe(200);
      expect(summary.body.workflows).toEqual([
        expect.objectContaining({
          workflow: 'ci',
          runs: 2,
          successRate: 0.5,
          flakyCommits: 1,
          commits: 1,
        }),
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'answer 400 naming the invalid field, %p',
    async id => {
      const { server, knex } = await startDeliveryBackend(databases, id);
      const get = (path: string, q: Record<string, string>) =>
        request(server)
          .get(`/api/delivery/${path}`)
          .set('Authorization', auth)
          .query({ entityRef: 'component:default/svc', ...q });
      const cases: Array<[string, Record<string, string>, string]> = [
        ['pipeline-runs', { limit: '0' }, 'limit'],
        ['pipeline-runs', { limit: '501' }, 'limit'],
        ['pipeline-runs', { offset: '-1' }, 'offset'],
        ['pipeline-runs', { offset: '1e3' }, 'offset'],
        ['pipeline-runs', { status: 'green' }, 'status'],
        ['pipeline-runs', { workflow: '' }, 'workflow'],
        ['pipeline-runs', { branch: 'b'.repeat(256) }, 'branch'],
        ['pipeline-runs', { sha: 'not-a-sha' }, 'sha'],
        ['pipeline-runs/summary', { from: 'yesterday' }, 'from'],
      ];
      for (const [path, q, field] of cases) {
        const res = await get(path, q);
        expect({ q, status: res.status }).toEqual({ q, status: 400 });
        expect(res.body.error.message).toContain(`${field}:`);
      }
      const noEntity = await request(server)
        .get('/api/delivery/pipeline-runs')
        .set('Authorization', auth);
      expect(noEntity.status).toBe(400);
      const noRepository = await get('pipeline-runs/summary', {
        entityRef: 'component:default/noslug',
      });
      expect(noRepository.status).toBe(400);
      await knex.destroy();
    },
  );
});
