import { mockCredentials } from '@backstage/backend-test-utils';
import { ANNOTATION_DEMO_DATA } from '@internal/plugin-delivery-common';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { at, sha } from '../__testUtils__/fixtures';
import { component, startDeliveryBackend } from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const deployment = (externalId: string, hours: number, repository: string) => ({
  externalId,
  repository,
  environment: 'production',
  sha: sha(externalId),
  status: 'success',
  startedAt: at(hours - 0.1),
  finishedAt: at(hours),
});

describe('metrics routes', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'GET /metrics/services lists every readable service with its own figures and levels, %p',
    async id => {
      const { server, knex } = await startDeliveryBackend(databases, id);
      const auth = mockCredentials.user.header();
      const deployments = [
        // two days a week for four weeks
        ...[0, 2, 7, 9, 14, 16, 21, 23].map(d =>
          deployment(`svc-${d}`, d * 24 + 1, 'acme/svc'),
        ),
        deployment('other-1', 5, 'acme/other'),
        deployment('secret-1', 6, 'acme/secret'),
      ];
      for (let i = 0; i < deployments.length; i += 3) {
        const res = await request(server)
          .post('/api/delivery/events/deployments')
          .set('Authorization', auth)
          .send(deployments.slice(i, i + 3));
        expect(res.status).toBe(202);
      }
      const window = { from: at(0), to: at(28 * 24) };

      const all = await request(server)
        .get('/api/delivery/metrics/services')
        .set('Authorization', auth)
        .query(window);
      expect(all.status).toBe(200);
      expect(all.body.aggregation).toBe('median-of-services');
      const byRef = Object.fromEntries(
        all.body.services.map((s: any) => [s.entityRef, s]),
      );
      // the component without a repository annotation is not a service
      expect(Object.keys(byRef).sort()).toEqual([
        'component:default/other',
        'component:default/secret',
        'component:default/svc',
      ]);
      const svc = byRef['component:default/svc'];
      expect(svc.noDataYet).toBe(false);
      expect(svc.deploymentFrequency.count).toBe(8);
      expect(svc.deploymentFrequency.medianDeployDaysPerWeek).toBe(2);
      expect(svc.deploymentFrequency.level).toBe('high');
      expect(svc.changeFailureRate.value).toBe(0);
      expect(svc.changeFailureRate.level).toBe('elite');
      expect(byRef['component:default/other'].deploymentFrequency.count).toBe(
        1,
      );
      // pooled count, median frequency of the three services (2, 0 and 0 days a week)
      expect(all.body.deploymentFrequency.count).toBe(10);
      expect(all.body.deploymentFrequency.medianDeployDaysPerWeek).toBe(0);

      // every owning team with the figures its group page shows: team-a
      // owns svc and secret, and other through its child team-b
      expect(all.body.teams.map((t: any) => [t.entityRef, t.services])).toEqual(
        [
          ['group:default/team-a', 3],
          ['group:default/team-b', 1],
        ],
      );
      for (const { entityRef: group, services, ...figures } of all.body.teams) {
        const groupPage = await request(server)
          .get('/api/delivery/metrics')
          .set('Authorization', auth)
          .query({ ...window, group });
        expect(groupPage.status).toBe(200);
        expect(groupPage.body.services).toHaveLength(services);
        expect(groupPage.body).toMatchObject(figures);
      }
      expect(all.body.teams[1].deploymentFrequency.count).toBe(1);

      // catalog read permission: mallory cannot see the secret service
      const mallory = await request(server)
        .get('/api/delivery/metrics/services')
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/mallory'),
        )
        .query(window);
      expect(mallory.status).toBe(200);
      expect(mallory.body.services.map((s: any) => s.entityRef).sort()).toEqual(
        ['component:default/other', 'component:default/svc'],
      );
      expect(mallory.body.deploymentFrequency.count).toBe(9);
      expect(Object.keys(mallory.body.catalog).sort()).toEqual([
        'component:default/other',
        'component:default/svc',
      ]);

      const badYear = await request(server)
        .get('/api/delivery/metrics/services')
        .set('Authorization', auth)
        .query({ ...window, reportYear: 1999 });
      expect(badYear.status).toBe(400);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    "GET /metrics/services names each service's title, owner, system and demo data, %p",
    async id => {
      const search = component('search', 'group:default/team-b', 'acme/search');
      search.metadata.title = 'Search service';
      search.metadata.annotations![ANNOTATION_DEMO_DATA] = 'true';
      search.relations!.push(
        { type: 'partOf', targetRef: 'component:default/storefront-web' },
        { type: 'partOf', targetRef: 'system:default/storefront' },
      );
      const { server, knex } = await startDeliveryBackend(databases, id, {
        entities: [search],
      });
      const res = await request(server)
        .get('/api/delivery/metrics/services')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(res.body.catalog['component:default/search']).toEqual({
        name: 'Search service',
        owner: 'group:default/team-b',
        system: 'system:default/storefront',
        demo: true,
      });
      expect(res.body.catalog['component:default/svc']).toEqual({
        name: 'svc',
        owner: 'group:default/team-a',
        demo: false,
      });
      // figures of one service or a group name no catalog facts
      const one = await request(server)
        .get('/api/delivery/metrics')
        .set('Authorization', mockCredentials.user.header())
        .query({ entityRef: 'component:default/search' });
      expect(one.status).toBe(200);
      expect(one.body.catalog).toBeUndefined();
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'says "no data yet" for a service with nothing recorded, %p',
    async id => {
      const { server, knex } = await startDeliveryBackend(databases, id);
      const res = await request(server)
        .get('/api/delivery/metrics')
        .set('Authorization', mockCredentials.user.header())
        .query({ entityRef: 'component:default/svc' });
      expect(res.status).toBe(200);
      expect(res.body.noDataYet).toBe(true);
      expect(res.body.deploymentFrequency.level).toBeNull();
      expect(res.body.dataQuality.warnings).toContain(
        'no data yet: no deployment has been recorded',
      );
      await knex.destroy();
    },
  );
});
