import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  CommitEvent,
  DeploymentEvent,
  IncidentEvent,
  PipelineRunEvent,
  PullRequestEvent,
} from '../service/schemas';
import { ChangeStore } from './ChangeStore';
import { headTimesOf, lockRepositories } from './deploymentHeads';
import { pipelineRunsTable } from './pipelineRunsTable';
import { deploymentsTable, incidentsTable } from './eventTables';
import { tuneSqlite } from './sqliteConnection';
import { transactionWithRetry } from './transactionWithRetry';
import {
  INCIDENTS_REVISION,
  bumpRevisions,
  readRevisions,
  recomputeDeploymentsUpdatedAt,
} from './revisions';
import { PlanOptions, Sql, runAnalytical } from './sql';
import { IngestResult, upsertByKey } from './upsertByKey';

export { normalizePath } from './ChangeStore';
export type { IngestResult } from './upsertByKey';

const migrationsDir = resolvePackagePath(
  '@internal/plugin-delivery-backend',
  'migrations',
);

/** Where a catalog entity's delivery data lives. */
export interface ServiceScope {
  entityRef: string;
  /** owner/repo, lower case */
  repository: string;
  path?: string;
  /** workflow names; empty means every workflow */
  workflows: string[];
  productionEnvironments: string[];
}

/** `source` of the events the demo-data task generates. */
export const DEMO_SOURCE = 'demo';

export const toIso = (ms: unknown): string | null =>
  ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString();

/**
 * Stores delivery events; every event has a natural key, so storing it twice
 * stores it once. Events may arrive late, twice, out of order and from
 * concurrent writers: see `eventTables` for how an event updates its row.
 */
export class DeliveryStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DeliveryStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    await tuneSqlite(client);
    return new this(client);
  }

  private readonly changes: ChangeStore;

  /** `db` is the store's alone: other classes call its methods. */
  protected constructor(protected readonly db: Knex) {
    this.changes = new ChangeStore();
  }

  get isPostgres(): boolean {
    return this.db.client.config.client === 'pg';
  }

  /** Runs a read-only analytical statement; see `runAnalytical`. */
  runAnalytical(q: Sql, options?: PlanOptions): Promise<any[]> {
    return runAnalytical(
      { db: this.db, isPostgres: this.isPostgres },
      q,
      options,
    );
  }

  /** The metrics revisions of `keys` that have one; see `RevisionReader`. */
  readRevisions(keys: string[]): Promise<Map<string, number>> {
    return readRevisions(this.db, keys);
  }

  /** Events of every kind stored in one transaction: all of them or none. */
  async storeAll(events: {
    changes: Array<CommitEvent | PullRequestEvent>;
    deployments: DeploymentEvent[];
    incidents: IncidentEvent[];
    pipelineRuns: PipelineRunEvent[];
  }): Promise<void> {
    await this.write(undefined, async trx => {
      await this.storeChanges(events.changes, trx);
      await this.storeDeployments(events.deployments, trx);
      await this.storeIncidents(events.incidents, trx);
      await this.storePipelineRuns(events.pipelineRuns, trx);
    });
  }

  /**
   * The successful deployments of `repository` to `environments` (lower
   * case) finished since `since` whose sha is no known change's head,
   * newest first.
   */
  async deploymentsWithoutHead(
    repository: string,
    environments: string[],
    since: number,
  ): Promise<
    Array<{
      sha: string;
      environment: string;
      started_at: string | number | null;
      finished_at: string | number;
    }>
  > {
    return this.db('delivery_deployments')
      .select('sha', 'environment', 'started_at', 'finished_at')
      .where({ repository, status: 'success' })
      .whereIn(this.db.raw('LOWER(environment)') as any, environments)
      .whereNull('head_at')
      .where('finished_at', '>=', since)
      .orderBy('finished_at', 'desc');
  }

  /**
   * The sha of the newest successful deployment of `repository` to
   * `environment` finished before `before`, of another sha than `sha`.
   */
  async previousDeployedSha(
    repository: string,
    environment: string,
    before: string | number,
    sha: string,
  ): Promise<string | undefined> {
    const previous = await this.db('delivery_deployments')
      .select('sha')
      .where({ repository, status: 'success' })
      .whereRaw('LOWER(environment) = ?', [environment.toLowerCase()])
      .where('finished_at', '<', before)
      .whereNot('sha', sha)
      .orderBy('finished_at', 'desc')
      .first();
    return previous?.sha;
  }

  /** Of `shas`, those known as a commit or as a pull request's merge commit. */
  async knownShas(repository: string, shas: string[]): Promise<Set<string>> {
    const commits = await this.db('delivery_commits')
      .where({ repository })
      .whereIn('sha', shas)
      .pluck('sha');
    const merges = await this.db('delivery_pull_requests')
      .where({ repository })
      .whereIn('merge_commit_sha', shas)
      .pluck('merge_commit_sha');
    return new Set([...commits, ...merges]);
  }

  /** When each of `shas` that was deployed started its first deployment. */
  async firstDeploymentStarts(
    repository: string,
    shas: string[],
  ): Promise<Map<string, number>> {
    const rows: Array<{ sha: string; at: string | number }> = await this.db(
      'delivery_deployments',
    )
      .select('sha')
      .min({ at: 'started_at' })
      .where({ repository })
      .whereIn('sha', shas)
      .whereNotNull('started_at')
      .groupBy('sha');
    return new Map(rows.map(r => [r.sha, Number(r.at)]));
  }

  /**
   * Deletes the generated history (source `demo`) of the repositories no
   * example service uses any more, with the pull requests, commits and
   * changes whose merge commit a demo deployment or pipeline run names (their
   * shas are generated, so no recorded event shares them), and the demo
   * incidents of entities that are no example services. Returns the
   * repositories cleaned.
   */
  async deleteStaleDemoData(keep: {
    repositories: string[];
    entityRefs: string[];
  }): Promise<string[]> {
    return this.write(undefined, async trx => {
      const stale = (
        await trx('delivery_deployments')
          .distinct('repository')
          .where('source', DEMO_SOURCE)
          .whereNotIn('repository', keep.repositories)
          .union(q =>
            q
              .distinct('repository')
              .from('delivery_pipeline_runs')
              .where('source', DEMO_SOURCE)
              .whereNotIn('repository', keep.repositories),
          )
      ).map(r => String(r.repository));
      for (const repository of stale) {
        const demoShas = trx('delivery_deployments')
          .select('sha')
          .where({ source: DEMO_SOURCE, repository })
          .union(q =>
            q
              .select('sha')
              .from('delivery_pipeline_runs')
              .where({ source: DEMO_SOURCE, repository }),
          );
        const demoPullRequests = () =>
          trx('delivery_pull_requests')
            .where({ repository })
            .whereIn('merge_commit_sha', demoShas.clone());
        const demoChanges = () =>
          trx('delivery_changes')
            .where({ repository })
            .whereIn('head_sha', demoShas.clone());
        await trx('delivery_change_paths')
          .whereIn('change_id', demoChanges().select('id'))
          .delete();
        await demoChanges().delete();
        await trx('delivery_commits')
          .where({ repository })
          .whereIn('pull_request_number', demoPullRequests().select('number'))
          .delete();
        await demoPullRequests().delete();
        for (const table of ['delivery_pipeline_runs', 'delivery_deployments'])
          await trx(table).where({ source: DEMO_SOURCE, repository }).delete();
      }
      await trx('delivery_incidents')
        .where('source', DEMO_SOURCE)
        .whereNotIn('entity_ref', keep.entityRefs)
        .delete();
      await recomputeDeploymentsUpdatedAt(trx, stale);
      await bumpRevisions(trx, [...stale, INCIDENTS_REVISION]);
      return stale;
    });
  }

  /**
   * Runs `work` in the caller's transaction, or else in a new one that is
   * retried after a deadlock or serialization failure.
   */
  private write<T>(
    tx: Knex.Transaction | undefined,
    work: (trx: Knex.Transaction) => Promise<T>,
  ): Promise<T> {
    return tx ? work(tx) : transactionWithRetry(this.db, work);
  }

  /**
   * Each event's result, in order; see `upsertByKey` for the locking. The
   * repositories are locked first (shared: deployment writers do not wait for
   * each other), so that a deployment's head (the landing time of the change
   * at its sha) is never looked up while a change of its sha is being
   * written; the heads of the events' shas are looked up in one statement
   * and written with the rows.
   */
  async storeDeployments(
    events: DeploymentEvent[],
    tx?: Knex.Transaction,
  ): Promise<IngestResult[]> {
    return this.write(tx, async trx => {
      await lockRepositories(
        trx,
        events.map(e => e.repository),
        'shared',
      );
      const heads = await headTimesOf(
        trx,
        events.map(e => [e.repository, e.sha]),
      );
      const now = Date.now();
      const results = await upsertByKey(
        trx,
        deploymentsTable(heads),
        events,
        now,
      );
      await bumpRevisions(
        trx,
        events.map(e => e.repository),
        now,
      );
      return results;
    });
  }

  async storeIncidents(
    events: IncidentEvent[],
    tx?: Knex.Transaction,
  ): Promise<IngestResult[]> {
    return this.write(tx, async trx => {
      const results = await upsertByKey(trx, incidentsTable, events);
      await bumpRevisions(trx, [INCIDENTS_REVISION]);
      return results;
    });
  }

  async storePipelineRuns(
    events: PipelineRunEvent[],
    tx?: Knex.Transaction,
  ): Promise<IngestResult[]> {
    return this.write(tx, trx => upsertByKey(trx, pipelineRunsTable, events));
  }

  /**
   * Stores commits and pull requests, then recomputes the changes they touch
   * (a merged pull request, or a commit pushed to the default branch without one).
   */
  async storeChanges(
    events: Array<CommitEvent | PullRequestEvent>,
    tx?: Knex.Transaction,
  ): Promise<IngestResult[]> {
    return this.write(tx, async trx => {
      const results = await this.changes.store(trx, events);
      await bumpRevisions(
        trx,
        events.map(e => e.repository),
      );
      return results;
    });
  }
}
