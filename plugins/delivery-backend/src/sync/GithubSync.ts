import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_GITHUB_PROJECT_SLUG,
  ANNOTATION_PRODUCTION_ENVIRONMENTS,
  DEFAULT_PRODUCTION_ENVIRONMENTS,
} from '@internal/plugin-delivery-common';
import { DeliveryStore } from '../database/DeliveryStore';
import {
  DeploymentWorkflowRule,
  deploymentWorkflowsOf,
} from '../github/deploymentWorkflows';
import { syncDeploymentChanges } from './deploymentChanges';
import { GithubClients, GithubSyncError } from './GithubClients';
import { RESOURCE_SPECS } from './resources';
import { SyncConfig } from './syncConfig';
import { syncResource } from './syncResource';
import { SyncStateStore } from './SyncStateStore';

const SOURCE_LOCATION = 'backstage.io/source-location';

/** One repository to sync, with what its entities ask for. */
export interface SyncTarget {
  host: string;
  owner: string;
  repo: string;
  /** owner/repo, lower case */
  repository: string;
  entityRefs: string[];
  deploymentWorkflows: DeploymentWorkflowRule[];
  /** its entities' production environments (annotation, else the default), lower case */
  productionEnvironments: string[];
}

export interface SyncRunSummary {
  repositories: number;
  failed: Array<{ repository: string; error: string }>;
  /** repositories left for the next run because a host's budget ran low */
  deferred: string[];
}

/** The host of an entity's repository: its source location's, when that is a GitHub host, else github.com. */
function hostOf(entity: Entity, isGithubHost: (host: string) => boolean) {
  const location = entity.metadata.annotations?.[SOURCE_LOCATION];
  try {
    const host = new URL(location!.replace(/^url:/, '')).host;
    if (isGithubHost(host)) return host;
  } catch {
    // no source location, or not a URL
  }
  return 'github.com';
}

/**
 * The repositories of entities with a `github.com/project-slug`, each once
 * (several entities of a monorepo share it), with the global deployment
 * workflow rules after their entities' own, and the production
 * environments of any of its entities.
 */
export function targetsOf(
  entities: Entity[],
  globalRules: DeploymentWorkflowRule[],
  isGithubHost: (host: string) => boolean,
  productionEnvironments: string[] = DEFAULT_PRODUCTION_ENVIRONMENTS,
): SyncTarget[] {
  const targets = new Map<
    string,
    Omit<
      SyncTarget,
      'entityRefs' | 'deploymentWorkflows' | 'productionEnvironments'
    > & {
      entities: Entity[];
    }
  >();
  for (const entity of entities) {
    const slug =
      entity.metadata.annotations?.[ANNOTATION_GITHUB_PROJECT_SLUG]?.trim();
    const match = slug?.match(/^([\w.-]+)\/([\w.-]+)$/);
    if (!match) continue;
    const host = hostOf(entity, isGithubHost);
    const repository = slug!.toLowerCase();
    const key = `${host}/${repository}`;
    const target = targets.get(key) ?? {
      host,
      owner: match[1],
      repo: match[2],
      repository,
      entities: [],
    };
    target.entities.push(entity);
    targets.set(key, target);
  }
  return [...targets.values()].map(({ entities: own, ...target }) => ({
    ...target,
    entityRefs: own.map(e => stringifyEntityRef(e)),
    deploymentWorkflows: deploymentWorkflowsOf(own, globalRules),
    productionEnvironments: [
      ...new Set(
        own.flatMap(e => {
          const annotated = (
            e.metadata.annotations?.[ANNOTATION_PRODUCTION_ENVIRONMENTS] ?? ''
          )
            .split(',')
            .map(env => env.trim())
            .filter(Boolean);
          return annotated.length ? annotated : productionEnvironments;
        }),
      ),
    ].map(env => env.toLowerCase()),
  }));
}

/**
 * Reads every catalog repository's delivery history from GitHub into the
 * store: each resource of each repository with its own cursor; a
 * repository that fails (no access, GitHub errors) records its error and
 * the others go on.
 */
export class GithubSync {
  /** deployments GitHub cannot compare, see `syncDeploymentChanges` */
  private readonly incomparable = new Set<string>();

  constructor(
    private readonly options: {
      store: DeliveryStore;
      state: SyncStateStore;
      clients: GithubClients;
      logger: LoggerService;
      config: SyncConfig;
    },
  ) {}

  async run(
    targets: SyncTarget[],
    signal?: AbortSignal,
  ): Promise<SyncRunSummary> {
    const summary: SyncRunSummary = {
      repositories: targets.length,
      failed: [],
      deferred: [],
    };
    const queue = [...targets];
    const worker = async () => {
      for (let target = queue.shift(); target; target = queue.shift()) {
        signal?.throwIfAborted();
        if (this.budgetTooLow(target.host)) {
          summary.deferred.push(target.repository);
          continue;
        }
        const error = await this.syncTarget(target, signal);
        if (error)
          summary.failed.push({ repository: target.repository, error });
      }
    };
    // every worker finishes its page before an abort ends the run
    const settled = await Promise.allSettled(
      Array.from({ length: this.options.config.concurrency }, worker),
    );
    const failure = settled.find(s => s.status === 'rejected');
    if (failure) throw (failure as PromiseRejectedResult).reason;
    for (const rateLimit of this.options.clients.rateLimits()) {
      await this.options.state.saveRateLimit(rateLimit);
    }
    if (summary.deferred.length) {
      this.options.logger.warn(
        `GitHub sync deferred ${summary.deferred.length} repositories to the next run: the rate-limit budget is below delivery.github.sync.minRateLimitRemaining`,
      );
    }
    return summary;
  }

  private budgetTooLow(host: string): boolean {
    let rateLimit;
    try {
      rateLimit = this.options.clients.forHost(host).rateLimit;
    } catch {
      return false; // no integration: syncTarget records why
    }
    return (
      rateLimit !== undefined &&
      rateLimit.remaining < this.options.config.minRateLimitRemaining &&
      rateLimit.resetAt > Date.now()
    );
  }

  /** Syncs every resource of one repository; the first error, if any. */
  async syncTarget(
    target: SyncTarget,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    const { logger, config, state, store } = this.options;
    let client;
    try {
      client = this.options.clients.forHost(target.host);
    } catch (e) {
      return (e as GithubSyncError).message;
    }
    const ctx = {
      client,
      owner: target.owner,
      repo: target.repo,
      incidentLabel: config.incidentLabel,
      deploymentWorkflows: target.deploymentWorkflows,
    };
    let firstError: string | undefined;
    for (const spec of RESOURCE_SPECS) {
      try {
        await syncResource(spec, ctx, {
          store,
          state,
          logger,
          backfillDays: config.backfillDays,
          signal,
        });
      } catch (e) {
        signal?.throwIfAborted();
        const message = (e as Error).message;
        logger.warn(
          `GitHub sync of ${target.repository} (${target.entityRefs.join(
            ', ',
          )}) failed for ${spec.resource}: ${message}`,
        );
        firstError ??= message;
      }
    }
    if (!firstError) {
      // after the pull requests: their commits are known, not direct pushes
      try {
        await syncDeploymentChanges(ctx, {
          store,
          logger,
          productionEnvironments: target.productionEnvironments,
          backfillDays: config.backfillDays,
          incomparable: this.incomparable,
        });
      } catch (e) {
        signal?.throwIfAborted();
        firstError = (e as Error).message;
        logger.warn(
          `GitHub sync of ${target.repository} failed to compare its deployments: ${firstError}`,
        );
      }
    }
    return firstError;
  }
}
