import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import {
  RunningBackend,
  startBackend,
  waitForHttpOk,
} from '../../packages/backend/src/testing/runBackend';

/** A backend started for the load, on loopback only, and how to call it. */
export type LoadBackend = {
  baseUrl: string;
  /** Static token allowed to write delivery events only. */
  eventsToken: string;
  /** Static token with the access of a backend service (reads everything). */
  readToken: string;
  running: RunningBackend;
  /** Stops the process and starts it again on what it stored (`running` is the new one). */
  restart: () => Promise<void>;
  /** Stops the process and removes what it stored. */
  stop: () => Promise<void>;
};

const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 300_000;

const token = () => randomBytes(24).toString('hex');

/** A TCP port that is free on the loopback interface right now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, HOST, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

const staticTokens = (readToken: string, eventsToken: string) => `
  auth:
    # Arrays replace rather than merge: repeat the delivery events token.
    externalAccess:
      - type: static
        options:
          token: ${readToken}
          subject: load-test-reader
      - type: static
        options:
          token: ${eventsToken}
          subject: ci-delivery-events
        accessRestrictions:
          - plugin: delivery
            permission: delivery.events.create
`;

async function whenReady(
  running: RunningBackend,
  baseUrl: string,
  cleanUp: () => Promise<void>,
) {
  try {
    await waitForHttpOk(
      `${baseUrl}/.backstage/health/v1/readiness`,
      running,
      READY_TIMEOUT_MS,
    );
  } catch (e) {
    await running.stop();
    await cleanUp();
    throw e;
  }
}

/**
 * Starts the backend and waits until it is ready; `removeStored` deletes
 * what it stored, once stopped (or when it failed to start).
 */
async function launch(
  options: Parameters<typeof startBackend>[0],
  access: Pick<LoadBackend, 'baseUrl' | 'readToken' | 'eventsToken'>,
  removeStored: () => Promise<void>,
): Promise<LoadBackend> {
  const start = async () => {
    const running = await startBackend(options);
    await whenReady(running, access.baseUrl, removeStored);
    return running;
  };
  const backend: LoadBackend = {
    ...access,
    running: await start(),
    restart: async () => {
      await backend.running.stop();
      backend.running = await start();
    },
    stop: async () => {
      await backend.running.stop();
      await removeStored();
    },
  };
  return backend;
}

/**
 * The production configuration (app-config.production.yaml) on PostgreSQL,
 * with its databases under a fresh prefix, dropped again by `stop`, and a
 * catalog of the given file only (Components and Groups).
 */
export async function startPostgresBackend(options: {
  postgresUrl: string;
  catalogFile: string;
  /**
   * Plugin databases created as copies of existing databases before the
   * backend starts (plugin id to template database); the backend migrates them.
   */
  databaseTemplates?: Record<string, string>;
  /** More configuration, of top-level keys other than backend, catalog and delivery. */
  extraConfig?: string;
}): Promise<LoadBackend> {
  const pg = new URL(options.postgresUrl);
  const port = await freePort();
  const baseUrl = `http://${HOST}:${port}`;
  const readToken = token();
  const eventsToken = token();
  const prefix = `launchpad_load_${randomBytes(4).toString('hex')}_`;

  const withAdmin = async (use: (client: Client) => Promise<void>) => {
    const client = new Client({ connectionString: options.postgresUrl });
    await client.connect();
    try {
      await use(client);
    } finally {
      await client.end();
    }
  };
  const dropDatabases = () =>
    withAdmin(async client => {
      const { rows } = await client.query(
        'SELECT datname FROM pg_database WHERE datname LIKE $1',
        [`${prefix}%`],
      );
      for (const { datname } of rows) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    });
  await withAdmin(async client => {
    for (const [plugin, template] of Object.entries(
      options.databaseTemplates ?? {},
    )) {
      await client.query(
        `CREATE DATABASE "${prefix}${plugin}" TEMPLATE "${template}"`,
      );
    }
  }).catch(async e => {
    await dropDatabases();
    throw e;
  });

  const backendOptions = {
    configFiles: ['app-config.yaml', 'app-config.production.yaml'],
    extraConfig: `
backend:
  baseUrl: ${baseUrl}
  listen: '${HOST}:${port}'
  database:
    prefix: ${prefix}
${staticTokens(readToken, eventsToken)}
catalog:
  locations:
    - type: file
      target: ${options.catalogFile}
      rules:
        - allow: [Component, Group]
# production's GitHub sync would read every load-test repository from GitHub
delivery:
  github:
    sync:
      schedule:
        frequency: { trigger: manual }
        timeout: { minutes: 30 }
${options.extraConfig ?? ''}`,
    env: {
      DELIVERY_EVENTS_TOKEN: eventsToken,
      LAUNCHPAD_BASE_URL: baseUrl,
      POSTGRES_HOST: pg.hostname,
      POSTGRES_PORT: pg.port || '5432',
      POSTGRES_USER: decodeURIComponent(pg.username),
      POSTGRES_PASSWORD: decodeURIComponent(pg.password),
      AUTH_GITHUB_CLIENT_ID: 'load-test-client',
      AUTH_GITHUB_CLIENT_SECRET: 'load-test-secret',
    },
  };
  return launch(
    backendOptions,
    { baseUrl, readToken, eventsToken },
    dropDatabases,
  );
}

/**
 * The embedded default (app-config.yaml: SQLite, example organisation, demo
 * delivery data) with its SQLite files in a temporary folder.
 */
export async function startSqliteBackend(options: {
  maxBatchSize: number;
}): Promise<LoadBackend> {
  const port = await freePort();
  const baseUrl = `http://${HOST}:${port}`;
  const readToken = token();
  const eventsToken = token();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-load-'));
  const removeData = async () =>
    fs.rmSync(dataDir, { recursive: true, force: true });

  const backendOptions = {
    configFiles: ['app-config.yaml'],
    extraConfig: `
backend:
  baseUrl: ${baseUrl}
  listen:
    host: ${HOST}
    port: ${port}
  database:
    connection:
      directory: ${path.join(dataDir, 'sqlite')}
${staticTokens(readToken, eventsToken)}
launchpad:
  publish:
    local:
      baseDirectory: ${path.join(dataDir, 'repositories')}
delivery:
  events:
    maxBatchSize: ${options.maxBatchSize}
`,
    env: { NODE_ENV: 'development' },
  };
  return launch(
    backendOptions,
    { baseUrl, readToken, eventsToken },
    removeData,
  );
}
