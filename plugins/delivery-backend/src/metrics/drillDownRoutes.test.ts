import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { at, sha } from '../__testUtils__/fixtures';
import { startDeliveryBackend } from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const deployment = (externalId: string, hours: number, extra: object = {}) => ({
  externalId,
  repository: 'acme/svc',
  environment: 'production',
  sha: sha(externalId),
  status: 'success',
  startedAt: at(hours - 0.1),
  finishedAt: at(hours),
  ...extra,
});

describe('drill-down routes', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'GET /deployments/counted lists what the figures count, the rework ones with rework=true, %p',
    async id => {
      const { server, knex } = await startDeliveryBackend(databases, id);
      const auth = mockCredentials.user.header();
      // the test backend takes at most three events a batch
      for (const items of [
        [
          deployment('d1', 1),
          deployment('d2', 2, { status: 'failure' }),
          deployment('d3', 3, { environment: 'staging' }),
        ],
        [deployment('d4', 4, { hotfix: true, ref: 'hotfix/login' })],
      ]) {
        const sent = await request(server)
          .post('/api/delivery/events/deployments')
          .set('Authorization', auth)
          .send({ items });
        expect(sent.status).toBe(202);
      }
      const query = {
        entityRef: 'component:default/svc',
        from: at(0),
        to: at(24),
      };
      const get = (extra: object = {}) =>
        request(server)
          .get('/api/delivery/deployments/counted')
          .set('Authorization', auth)
          .query({ ...query, ...extra });

      const metrics = await request(server)
        .get('/api/delivery/metrics')
        .set('Authorization', auth)
        .query(query);
      const counted = await get();
      expect(counted.status).toBe(200);
      expect(counted.body.totalCount).toBe(
        metrics.body.deploymentFrequency.count,
      );
      expect(
        counted.body.items.map((d: any) => [d.externalId, d.rework, d.failed]),
      ).toEqual([
        ['d4', true, false],
        ['d1', false, true],
      ]);

      const rework = await get({ rework: 'true' });
      expect(rework.body.totalCount).toBe(
        metrics.body.deploymentReworkRate.numerator,
      );
      expect(rework.body.items).toMatchObject([
        { externalId: 'd4', ref: 'hotfix/login', isHotfix: true },
      ]);

      const failed = await get({ failed: 'true' });
      expect(failed.body.totalCount).toBe(
        metrics.body.changeFailureRate.numerator,
      );
      expect(failed.body.items).toMatchObject([
        { externalId: 'd1', failed: true, recoverySeconds: 3 * 3600 },
      ]);

      // one environment instead of the production ones
      const staging = await get({ environment: 'staging' });
      expect(staging.body.items.map((d: any) => d.externalId)).toEqual(['d3']);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'GET /deployments/counted refuses bad input with a 400 naming the field, %p',
    async id => {
      const { server, knex } = await startDeliveryBackend(databases, id);
      const get = (query: object) =>
        request(server)
          .get('/api/delivery/deployments/counted')
          .set('Authorization', mockCredentials.user.header())
          .query({ entityRef: 'component:default/svc', ...query });

      const bad = await get({ rework: 'yes' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/rework: must be true or false/);
      const badFailed = await get({ failed: '1' });
      expect(badFailed.status).toBe(400);
      expect(badFailed.body.error.message).toMatch(
        /failed: must be true or false/,
      );
      // every environment at once counts nothing a figure counts
      const all = await get({ environment: '*' });
      expect(all.status).toBe(400);
      expect(all.body.error.message).toMatch(/environment/);
      const limit = await get({ limit: '501' });
      expect(limit.status).toBe(400);
      expect(limit.body.error.message).toMatch(/limit/);
      const unknown = await get({ entityRef: 'component:default/nope' });
      expect(unknown.status).toBe(404);
      await knex.destroy();
    },
  );
});
