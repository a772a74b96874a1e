import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_GITHUB_PROJECT_SLUG } from '@internal/plugin-delivery-common';
import { DeliveryStore } from '../database/DeliveryStore';
import { GithubClientOptions, GithubClients } from './GithubClients';
import { GithubSync, targetsOf } from './GithubSync';
import { SyncConfig } from './syncConfig';
import { SyncStateStore } from './SyncStateStore';

export const GITHUB_SYNC_TASK_ID = 'delivery-github-sync';

/**
 * The GitHub sync over `integrations.github` (a token or a GitHub App per
 * host; GitHub Enterprise by `apiBaseUrl`), its clients built once.
 */
export function createGithubSync(options: {
  rootConfig: Config;
  store: DeliveryStore;
  state: SyncStateStore;
  logger: LoggerService;
  config: SyncConfig;
  clientOptions?: GithubClientOptions;
}) {
  const integrations = ScmIntegrations.fromConfig(options.rootConfig);
  const clients = new GithubClients(
    integrations,
    DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    options.logger,
    options.clientOptions,
  );
  const isGithubHost = (host: string) =>
    integrations.github.byHost(host) !== undefined;
  const sync = new GithubSync({
    store: options.store,
    state: options.state,
    clients,
    logger: options.logger,
    config: options.config,
  });
  return { sync, isGithubHost };
}

/**
 * Every run syncs the repository of each catalog entity with a
 * `github.com/project-slug`. Global scope: with several backend replicas,
 * one of them runs it.
 */
export async function scheduleGithubSync(options: {
  scheduler: SchedulerService;
  catalog: CatalogService;
  auth: AuthService;
  rootConfig: Config;
  store: DeliveryStore;
  state: SyncStateStore;
  logger: LoggerService;
  config: SyncConfig;
}) {
  const { scheduler, catalog, auth, logger, config } = options;
  if (!config.schedule) return;
  const { sync, isGithubHost } = createGithubSync(options);
  await scheduler.scheduleTask({
    ...config.schedule,
    id: GITHUB_SYNC_TASK_ID,
    // after the schedule, whose scope is undefined unless configured
    scope: 'global',
    fn: async (signal?: AbortSignal) => {
      const { items } = await catalog.getEntities(
        { fields: ['kind', 'metadata', 'spec.type'] },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      const targets = targetsOf(
        items.filter(
          e => e.metadata.annotations?.[ANNOTATION_GITHUB_PROJECT_SLUG],
        ),
        config.deploymentWorkflows,
        isGithubHost,
        config.productionEnvironments,
      );
      const started = Date.now();
      const summary = await sync.run(targets, signal);
      logger.info(
        `GitHub sync of ${summary.repositories} repositories took ${
          Date.now() - started
        } ms: ${summary.failed.length} failed, ${
          summary.deferred.length
        } deferred to the next run`,
      );
    },
  });
}
