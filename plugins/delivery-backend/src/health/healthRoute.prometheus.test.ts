import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { sha } from '../__testUtils__/fixtures';
import { component, startHealthBackend } from './__testUtils__/healthBackend';
import {
  RuleGroup,
  RunningPrometheus,
  constantSlo,
  firingAlert,
  startPrometheus,
} from './__testUtils__/startPrometheus';

jest.setTimeout(90_000);

const HOUR = 3_600_000;
const hoursAgo = (h: number) => new Date(Date.now() - h * HOUR).toISOString();
const auth = mockCredentials.user.header();

const ORDERS = {
  'github.com/project-slug': 'acme/orders',
  'prometheus.io/alert': 'all',
  'prometheus.io/labels': 'service=orders',
  'launchpad.dev/on-call': '#orders-oncall',
  'launchpad.dev/chat-channel': '#orders',
};
const ENTITIES = [
  component('orders', ORDERS),
  // only one alert by name, from the second instance, SLO series by entity name
  component('payments', {
    'github.com/project-slug': 'acme/payments',
    'prometheus.io/alert': 'PaymentsSlow',
    'prometheus.io/labels': 'env=production',
    'prometheus.io/service-name': 'secondary',
  }),
  component('no-annotations', {}),
  component('bad-labels', {
    'prometheus.io/alert': 'all',
    'prometheus.io/labels': 'service',
  }),
];

/** Alerts that fire at once, and constant SLO series, for orders, payments and a stranger. */
const GROUPS: RuleGroup[] = [
  {
    name: 'alerts',
    rules: [
      firingAlert(
        'OrdersHighErrorRate',
        { service: 'orders', severity: 'critical' },
        'More than 5 % of order requests fail',
      ),
      firingAlert('InventoryDown', {
        service: 'inventory',
        severity: 'critical',
      }),
      firingAlert('PaymentsSlow', {
        service: 'payments',
        env: 'production',
        severity: 'warning',
      }),
      firingAlert('PaymentsNoise', { service: 'payments', env: 'production' }),
    ],
  },
  {
    name: 'slos',
    rules: [
      ...constantSlo('orders', 'availability', {
        objective: 0.999,
        budgetRemaining: 0.42,
        burnRate: 0.5,
      }),
      ...constantSlo('orders', 'latency', {
        objective: 0.99,
        budgetRemaining: -0.25,
        burnRate: 3,
      }),
      ...constantSlo('payments', 'availability', {
        objective: 0.995,
        budgetRemaining: 0.9,
        burnRate: 0.1,
      }),
    ],
  },
];

describe('GET /service-health against a real Prometheus', () => {
  const databases = createTestDatabases();
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    prometheus = await startPrometheus({ groups: GROUPS });
  });
  afterAll(async () => {
    await prometheus?.stop();
  });

  const delivery = () => ({
    prometheus: {
      instances: [
        { name: 'main', baseUrl: prometheus.baseUrl },
        { name: 'secondary', baseUrl: `${prometheus.baseUrl}/` },
      ],
    },
  });

  it.each(databases.eachSupportedId())(
    'the status, alerts, SLOs, deployments and what changed before the alert, %p',
    async id => {
      const server = await startHealthBackend({
        knex: await databases.init(id),
        entities: ENTITIES,
        delivery: delivery(),
      });
      const post = async (path: string, items: unknown[]) =>
        expect(
          (
            await request(server)
              .post(`/api/delivery/events/${path}`)
              .set('Authorization', auth)
              .send({ items })
          ).status,
        ).toBe(202);
      const deploy = (
        externalId: string,
        environment: string,
        hours: number,
        commit: string,
        status = 'success',
      ) => ({
        externalId,
        repository: 'acme/orders',
        environment,
        sha: sha(commit),
        status,
        startedAt: hoursAgo(hours + 0.1),
        finishedAt: hoursAgo(hours),
        url: `https://github.com/acme/orders/actions/runs/${externalId}`,
      });
      await post('changes', [
        {
          type: 'pull_request',
          repository: 'acme/orders',
          number: 7,
          title: 'Retry payments twice',
          mergedAt: hoursAgo(3),
          mergeCommitSha: sha('pr7'),
          commits: [{ sha: sha('pr7-c'), authoredAt: hoursAgo(5) }],
        },
      ]);
      await post('deployments', [
        deploy('old', 'production', 30, 'old'),
        deploy('staging-early', 'staging', 8, 'pr7'),
        deploy('prod', 'production', 2, 'pr7'),
        deploy('staging', 'staging', 1, 'pr8', 'failure'),
      ]);
      await post('pipeline-runs', [
        ...['success', 'success', 'success', 'failure'].map((c, i) => ({
          externalId: `run-${i}`,
          repository: 'acme/orders',
          workflow: 'ci',
          sha: sha(`run-${i}`),
          status: 'completed',
          conclusion: c,
          startedAt: hoursAgo(10 + i),
          finishedAt: hoursAgo(9.9 + i),
        })),
        {
          externalId: 'too-old',
          repository: 'acme/orders',
          workflow: 'ci',
          status: 'completed',
          conclusion: 'failure',
          startedAt: hoursAgo(24 * 8),
          finishedAt: hoursAgo(24 * 8 - 0.1),
        },
      ]);
      await post('incidents', [
        {
          externalId: 'INC-1',
          entityRef: 'component:default/orders',
          title: 'Checkout errors',
          startedAt: hoursAgo(1.5),
          url: 'https://status.example.com/INC-1',
        },
        {
          externalId: 'INC-0',
          entityRef: 'component:default/orders',
          title: 'Old outage',
          startedAt: hoursAgo(48),
          resolvedAt: hoursAgo(47),
        },
      ]);

      const res = await request(server)
        .get('/api/delivery/service-health')
        .set('Authorization', auth)
        .query({ entityRef: 'component:default/orders' });
      expect(res.status).toBe(200);
      const body = res.body;
      expect(JSON.stringify(body)).not.toContain(prometheus.baseUrl);

      expect(body.status).toBe('failing');
      expect(body.reasons.map((r: any) => [r.severity, r.message])).toEqual(
        expect.arrayContaining([
          [
            'failing',
            'Alert OrdersHighErrorRate is firing (severity critical): More than 5 % of order requests fail',
          ],
          ['failing', "Incident 'Checkout errors' is open"],
          [
            'ok',
            `The latest deployment to production (${sha('pr7').slice(
              0,
              7,
            )}) succeeded`,
          ],
          ['degraded', 'SLO latency has spent its error budget (-25% left)'],
        ]),
      );
      expect(body.reasons[0].severity).toBe('failing');

      expect(body.alerts.state).toBe('ok');
      expect(body.alerts.data.instance).toBe('main');
      expect(body.alerts.data.items).toEqual([
        expect.objectContaining({
          name: 'OrdersHighErrorRate',
          state: 'firing',
          severity: 'critical',
          summary: 'More than 5 % of order requests fail',
        }),
      ]);
      const activeAt = Date.parse(body.alerts.data.items[0].activeAt);
      expect(Date.now() - activeAt).toBeLessThan(5 * 60_000);

      expect(body.slos).toEqual({
        state: 'ok',
        data: {
          instance: 'main',
          items: [
            {
              slo: 'availability',
              objective: 0.999,
              errorBudgetRemaining: 0.42,
              burnRate: 0.5,
            },
            {
              slo: 'latency',
              objective: 0.99,
              errorBudgetRemaining: -0.25,
              burnRate: 3,
            },
          ],
        },
      });

      const d = body.delivery.data;
      expect(
        d.latestDeployments.map((x: any) => [
          x.environment,
          x.externalId,
          x.status,
        ]),
      ).toEqual([
        ['staging', 'staging', 'failure'],
        ['production', 'prod', 'success'],
      ]);
      expect(d.pipelines).toMatchObject({
        decided: 4,
        succeeded: 3,
        successRate: 0.75,
      });
      expect(d.openIncidents.map((i: any) => i.externalId)).toEqual(['INC-1']);
      expect(d.lastIncidentAt).toBe(d.openIncidents[0].startedAt);

      // the incident (90 min ago, after the production deployment, before the failed staging one) started before the alert
      expect(body.changeWindowHours).toBe(6);
      expect(body.changesBefore.map((c: any) => c.trouble.kind)).toEqual([
        'incident',
        'alert',
      ]);
      for (const c of body.changesBefore) {
        expect(c.deployments.items.map((x: any) => x.externalId)).toEqual(
          c.trouble.kind === 'alert' ? ['staging', 'prod'] : ['prod'],
        );
        expect(
          c.changes.items.map((x: any) => [x.pullRequestNumber, x.title]),
        ).toEqual([[7, 'Retry payments twice']]);
        expect(Date.parse(c.trouble.startedAt) - Date.parse(c.from)).toBe(
          6 * HOUR,
        );
      }
      expect(body.changesBefore[0].trouble).toMatchObject({
        title: 'Checkout errors',
        url: 'https://status.example.com/INC-1',
      });

      expect(body.contacts).toEqual({
        owner: 'group:default/team-a',
        onCall: '#orders-oncall',
        chatChannel: '#orders',
      });
    },
  );

  describe('on SQLite', () => {
    let server: Awaited<ReturnType<typeof startHealthBackend>>;
    const health = (entityRef?: string) =>
      request(server)
        .get('/api/delivery/service-health')
        .set('Authorization', auth)
        .query(entityRef === undefined ? {} : { entityRef });

    beforeAll(async () => {
      server = await startHealthBackend({
        entities: ENTITIES,
        delivery: { ...delivery(), health: { changeWindowHours: 2 } },
      });
    });

    it('picks the instance, alert names and labels the annotations ask for', async () => {
      const res = await health('payments');
      expect(res.status).toBe(200);
      expect(res.body.alerts.data).toEqual({
        instance: 'secondary',
        items: [
          expect.objectContaining({
            name: 'PaymentsSlow',
            severity: 'warning',
          }),
        ],
      });
      expect(res.body.slos.data.items).toEqual([
        {
          slo: 'availability',
          objective: 0.995,
          errorBudgetRemaining: 0.9,
          burnRate: 0.1,
        },
      ]);
      expect(res.body.status).toBe('degraded');
      expect(res.body.changeWindowHours).toBe(2);
      expect(res.body.changesBefore).toEqual([
        expect.objectContaining({
          trouble: expect.objectContaining({
            kind: 'alert',
            title: 'PaymentsSlow',
          }),
          deployments: expect.objectContaining({ items: [] }),
        }),
      ]);
    });

    it('says which annotation to add or fix', async () => {
      const bare = await health('component:default/no-annotations');
      expect(bare.status).toBe(200);
      expect(bare.body.alerts).toEqual({
        state: 'not-configured',
        reason: expect.stringContaining('prometheus.io/alert'),
      });
      expect(bare.body.delivery).toEqual({
        state: 'not-configured',
        reason: expect.stringContaining('github.com/project-slug'),
      });
      // nothing watches it, so nothing says it is up
      expect(bare.body.status).toBe('unknown');
      expect(bare.body.contacts).toEqual({
        owner: 'group:default/team-a',
        onCall: null,
        chatChannel: null,
      });
      const bad = await health('bad-labels');
      expect(bad.body.alerts.reason).toBe(
        "prometheus.io/labels: 'service' is not a label=value pair",
      );
    });

    it('refuses a missing or malformed entityRef with 400 naming it, an unknown one with 404', async () => {
      const missing = await health();
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toContain('entityRef');
      const malformed = await health('component:');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toContain('entityRef');
      const tooLong = await health('x'.repeat(300));
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.error.message).toContain('entityRef');
      expect((await health('component:default/nope')).status).toBe(404);
    });
  });
});
