import { mockCredentials } from '@backstage/backend-test-utils';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { component, startHealthBackend } from './__testUtils__/healthBackend';
import { freePort } from './__testUtils__/startPrometheus';

jest.setTimeout(30_000);

const ENTITY = component('orders', {
  'github.com/project-slug': 'acme/orders',
  'prometheus.io/alert': 'all',
  'prometheus.io/labels': 'service=orders',
});

async function health(baseUrl: string) {
  const server = await startHealthBackend({
    entities: [ENTITY],
    delivery: {
      prometheus: {
        instances: [{ name: 'main', baseUrl }],
        timeoutSeconds: 0.3,
      },
    },
  });
  const started = Date.now();
  const res = await request(server)
    .get('/api/delivery/service-health')
    .set('Authorization', mockCredentials.user.header())
    .query({ entityRef: 'component:default/orders' });
  return { res, ms: Date.now() - started };
}

describe('GET /service-health when Prometheus fails', () => {
  let silent: Server;
  const held: Array<() => void> = [];

  beforeAll(async () => {
    // accepts every request and never answers
    silent = createServer((_req, res) => held.push(() => res.destroy()));
    await new Promise<void>(r => silent.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    held.forEach(release => release());
    await new Promise(r => silent.close(r));
  });

  it('degrades only the alerts and SLOs when nothing listens', async () => {
    const baseUrl = `http://user:hunter2@127.0.0.1:${await freePort()}`;
    const { res } = await health(baseUrl);
    expect(res.status).toBe(200);
    const reason = "Prometheus 'main' refused the connection (is it running?)";
    expect(res.body.alerts).toEqual({ state: 'unavailable', reason });
    expect(res.body.slos).toEqual({ state: 'unavailable', reason });
    expect(res.body.delivery.state).toBe('ok');
    // no open incident, but with Prometheus away nothing says it is up
    expect(res.body.status).toBe('unknown');
    expect(res.body.reasons).toEqual(
      expect.arrayContaining([
        {
          severity: 'unknown',
          section: 'alerts',
          message: `Alerts not checked: ${reason}`,
        },
        {
          severity: 'unknown',
          section: 'slos',
          message: `SLOs not checked: ${reason}`,
        },
      ]),
    );
    expect(JSON.stringify(res.body)).not.toMatch(/hunter2|127\.0\.0\.1/);
  });

  it('gives up after the configured timeout when Prometheus does not answer', async () => {
    const { port } = silent.address() as AddressInfo;
    const { res, ms } = await health(`http://127.0.0.1:${port}`);
    expect(res.status).toBe(200);
    expect(res.body.alerts).toEqual({
      state: 'unavailable',
      reason: "Prometheus 'main' did not answer within 0.3 s",
    });
    expect(res.body.slos.state).toBe('unavailable');
    expect(res.body.delivery.state).toBe('ok');
    expect(ms).toBeLessThan(3000);
    expect(held.length).toBeGreaterThanOrEqual(2);
  });

  it('reports an error answer with its status and message; sends URL credentials as basic auth', async () => {
    const authorizations: Array<string | undefined> = [];
    const failing = createServer((req, res) => {
      authorizations.push(req.headers.authorization);
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'error', error: 'overloaded' }));
    });
    await new Promise<void>(r => failing.listen(0, '127.0.0.1', r));
    try {
      const { port } = failing.address() as AddressInfo;
      const { res } = await health(`http://ops:s%3Acret@127.0.0.1:${port}/`);
      expect(res.body.alerts).toEqual({
        state: 'unavailable',
        reason: "Prometheus 'main' answered HTTP 503: overloaded",
      });
      expect(authorizations).toEqual([
        `Basic ${Buffer.from('ops:s:cret').toString('base64')}`,
        `Basic ${Buffer.from('ops:s:cret').toString('base64')}`,
      ]);
    } finally {
      await new Promise(r => failing.close(r));
    }
  });
});
