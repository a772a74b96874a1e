import {
  coreServices,
  createServiceFactory,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ConfigSources } from '@backstage/config-loader';
import { Client, ClientConfig } from 'pg';

/** Thrown when the backend cannot start; its message is all the operator needs. */
export class PreflightError extends Error {}

function describeTarget(connection: ClientConfig): string {
  return `${connection.host ?? 'localhost'}:${connection.port ?? 5432}`;
}

function pgClientConfig(config: RootConfigService): ClientConfig {
  const connection = config.get('backend.database.connection');
  if (typeof connection === 'string') {
    const url = new URL(connection);
    return {
      connectionString: connection,
      host: url.hostname,
      port: Number(url.port || 5432),
    };
  }
  const { host, port, user, password, database } = connection as Record<
    string,
    string | number | undefined
  >;
  return {
    host: host === undefined ? undefined : String(host),
    port: port === undefined ? undefined : Number(port),
    user: user === undefined ? undefined : String(user),
    password: password === undefined ? undefined : String(password),
    database: database === undefined ? 'postgres' : String(database),
  };
}

/**
 * Fails fast with one message naming the setting when PostgreSQL cannot be
 * reached, instead of every plugin retrying its connection forever.
 */
export async function checkDatabaseReachable(
  config: RootConfigService,
  timeoutMs = 10_000,
): Promise<void> {
  if (config.getOptionalString('backend.database.client') !== 'pg') {
    return;
  }
  const clientConfig = pgClientConfig(config);
  const client = new Client({
    ...clientConfig,
    connectionTimeoutMillis: timeoutMs,
  });
  try {
    await client.connect();
  } catch (error) {
    throw new PreflightError(
      `cannot connect to PostgreSQL at ${describeTarget(
        clientConfig,
      )} (backend.database.connection): ${(error as Error).message}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The default root config service, plus the preflight checks. A failure is
 * printed once and the process exits, so a misconfigured backend does not
 * loop on stack traces.
 */
export const rootConfigWithPreflight = createServiceFactory({
  service: coreServices.rootConfig,
  deps: {},
  async factory() {
    try {
      const source = ConfigSources.default({});
      console.log(`Loading config from ${source}`);
      const config = await ConfigSources.toConfig(source);
      await checkDatabaseReachable(config);
      return config;
    } catch (error) {
      console.error(
        `launchpad: backend cannot start: ${(error as Error).message}`,
      );
      return process.exit(1);
    }
  },
});
