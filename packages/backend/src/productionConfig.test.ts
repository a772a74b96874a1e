import { createHmac, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  startBackend,
  waitForHttpOk,
  RunningBackend,
} from './testing/runBackend';

// The production config must boot against a real PostgreSQL server. CI and
// `scripts/launchpad test` set this for the server on the machine.
const postgresUrl =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

function requirePostgres(): URL {
  if (!postgresUrl) {
    throw new Error(
      'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set; the production boot test needs a PostgreSQL server (for example postgresql://postgres@127.0.0.1:5432)',
    );
  }
  return new URL(postgresUrl);
}

const deliveryToken = randomBytes(24).toString('hex');
const webhookSecret = randomBytes(24).toString('hex');

function productionEnv(pg: URL, port: number) {
  return {
    DELIVERY_EVENTS_TOKEN: deliveryToken,
    LAUNCHPAD_GITHUB_WEBHOOK_SECRET: webhookSecret,
    LAUNCHPAD_BASE_URL: `http://localhost:${port}`,
    POSTGRES_HOST: pg.hostname,
    POSTGRES_PORT: pg.port || '5432',
    POSTGRES_USER: decodeURIComponent(pg.username),
    POSTGRES_PASSWORD: decodeURIComponent(pg.password),
    AUTH_GITHUB_CLIENT_ID: 'boot-test-client',
    AUTH_GITHUB_CLIENT_SECRET: 'boot-test-secret',
  };
}

describe('app-config.production.yaml', () => {
  const port = 7107;
  const token = randomBytes(24).toString('hex');
  const prefix = `launchpad_boot_${randomBytes(4).toString('hex')}_`;
  let backend: RunningBackend | undefined;

  afterAll(async () => {
    await backend?.stop();
    if (!postgresUrl) return;
    const client = new Client({ connectionString: postgresUrl });
    await client.connect();
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await client.end();
  }, 60_000);

  it('boots on PostgreSQL and serves the catalog to an authorized caller', async () => {
    const pg = requirePostgres();
    backend = await startBackend({
      configFiles: ['app-config.yaml', 'app-config.production.yaml'],
      extraConfig: `
backend:
  listen: ':${port}'
  database:
    prefix: ${prefix}
  auth:
    # Arrays replace rather than merge: repeat production's delivery token.
    externalAccess:
      - type: static
        options:
          token: ${token}
          subject: production-boot-test
      - type: static
        options:
          token: \${DELIVERY_EVENTS_TOKEN}
          subject: ci-delivery-events
        accessRestrictions:
          - plugin: delivery
            permission: delivery.events.create
# The GitHub sync is configured but never runs here: no request leaves for GitHub.
delivery:
  github:
    sync:
      schedule:
        frequency: { trigger: manual }
        timeout: { minutes: 30 }
`,
      env: productionEnv(pg, port),
    });
    const baseUrl = `http://localhost:${port}`;
    await waitForHttpOk(
      `${baseUrl}/.backstage/health/v1/readiness`,
      backend,
      150_000,
    );

    const client = new Client({ connectionString: postgresUrl });
    await client.connect();
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname = $1',
      [`${prefix}catalog`],
    );
    await client.end();
    expect(rows).toHaveLength(1);

    const entityUrl = `${baseUrl}/api/catalog/entities/by-name/component/default/launchpad-backend`;
    let entity: Response | undefined;
    // The catalog processes its locations shortly after start-up.
    for (let attempt = 0; attempt < 60; attempt++) {
      entity = await fetch(entityUrl, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (entity.status !== 404) break;
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
    expect(entity!.status).toBe(200);
    expect(await entity!.json()).toMatchObject({
      kind: 'Component',
      metadata: { name: 'launchpad-backend' },
    });

    const examples = await fetch(
      `${baseUrl}/api/catalog/entities/by-name/component/default/payments-api`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(examples.status).toBe(404);

    // The events bus keeps subscriptions in PostgreSQL, shared by every replica.
    const subscription = await fetch(
      `${baseUrl}/api/events/bus/v1/subscriptions/production-boot-test`,
      {
        method: 'PUT',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ topics: ['launchpad-boot-test'] }),
      },
    );
    expect(subscription.status).toBe(201);
    // Any plugin's error answer: name and message, no stack, no request body.
    const malformed = await fetch(
      `${baseUrl}/api/events/bus/v1/subscriptions/production-boot-test`,
      {
        method: 'PUT',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
        body: '{"topics": x5ecret}',
      },
    );
    expect(malformed.status).toBe(400);
    const malformedBody = await malformed.text();
    expect(malformedBody).not.toContain('5ecret');
    expect(JSON.parse(malformedBody).error).toEqual({
      name: expect.any(String),
      message: expect.any(String),
    });

    const deployment = await fetch(
      `${baseUrl}/api/delivery/events/deployments`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${deliveryToken}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          externalId: 'boot-test-1',
          repository: 'acme/launchpad',
          environment: 'production',
          sha: '9fceb02d0ae598e95dc970b74767f19372d61af8',
          status: 'success',
          startedAt: '2026-11-20T10:00:00Z',
          finishedAt: '2026-11-20T10:04:12Z',
        }),
      },
    );
    expect(deployment.status).toBe(202);

    // GitHub webhooks: the events backend's ingress checks the signature,
    // the delivery plugin stores a deployment of a catalog repository.
    const webhook = JSON.stringify({
      repository: { full_name: 'acme/launchpad' },
      deployment: {
        id: 4242,
        sha: '9fceb02d0ae598e95dc970b74767f19372d61af8',
        ref: 'main',
        environment: 'production',
        created_at: '2026-11-20T11:00:00Z',
      },
      deployment_status: {
        state: 'success',
        created_at: '2026-11-20T11:03:00Z',
      },
    });
    const deliver = (secret: string) =>
      fetch(`${baseUrl}/api/events/http/github`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-GitHub-Event': 'deployment_status',
          'X-GitHub-Delivery': 'boot-test-delivery',
          'X-Hub-Signature-256': `sha256=${createHmac('sha256', secret)
            .update(webhook)
            .digest('hex')}`,
        },
        body: webhook,
      });
    expect((await deliver('not-the-secret')).status).toBe(403);
    expect((await deliver(webhookSecret)).status).toBe(202);
    const delivered = await fetch(
      `${baseUrl}/api/delivery/deployments?entityRef=component:default/launchpad-backend&from=2026-11-19T00:00:00Z&to=2026-11-21T00:00:00Z`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(delivered.status).toBe(200);
    expect((await delivered.json()).items).toContainEqual(
      expect.objectContaining({
        source: 'github',
        externalId: '4242',
        status: 'success',
      }),
    );
    expect(backend.output()).not.toContain(webhookSecret);

    const restricted = await fetch(`${baseUrl}/api/catalog/entities`, {
      headers: { Authorization: `Bearer ${deliveryToken}` },
    });
    expect(restricted.status).toBe(403);

    // Guest sign-in is for the embedded default only.
    const guest = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    expect(guest.status).toBe(403);
    expect(await guest.text()).not.toContain('backstageIdentity');

    const anonymous = await fetch(`${baseUrl}/api/catalog/entities`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain('    at ');
  }, 240_000);

  it('exits with one clear error naming the setting when PostgreSQL is unreachable', async () => {
    const pg = requirePostgres();
    const unreachable = await startBackend({
      configFiles: ['app-config.yaml', 'app-config.production.yaml'],
      extraConfig: `backend:\n  listen: ':${port + 1}'\n`,
      env: {
        ...productionEnv(pg, port + 1),
        POSTGRES_HOST: '127.0.0.1',
        POSTGRES_PORT: '1',
        POSTGRES_PASSWORD: 'not-to-be-printed',
      },
    });
    try {
      expect(await unreachable.exited).toBe(1);
      const output = unreachable.output();
      expect(output).toContain(
        'launchpad: backend cannot start: cannot connect to PostgreSQL at 127.0.0.1:1 (backend.database.connection)',
      );
      expect(output.match(/cannot connect to PostgreSQL/g)).toHaveLength(1);
      expect(output).not.toContain('not-to-be-printed');
      expect(output).not.toMatch(/^\s+at /m);
    } finally {
      await unreachable.stop();
    }
  }, 60_000);

  it('exits with the parser message when a config file is malformed', async () => {
    const malformed = await startBackend({
      configFiles: ['app-config.yaml'],
      extraConfig: 'backend:\n  listen:\n    port: [unclosed\n',
    });
    try {
      expect(await malformed.exited).toBe(1);
      expect(malformed.output()).toMatch(
        /launchpad: backend cannot start: Flow sequence in block collection must be sufficiently indented/,
      );
      expect(malformed.output()).not.toMatch(/^\s+at /m);
    } finally {
      await malformed.stop();
    }
  }, 60_000);
});
