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

export const toMillis = (iso: string | undefined | null): number | null =>
  iso ? Date.parse(iso) : null;

export const toIso = (ms: unknown): string | null =>
  ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString();

type StatusEntry = { status: string; at: number };

function mergeHistory(existing: string | undefined, entry: StatusEntry) {
  const history: StatusEntry[] = existing ? JSON.parse(existing) : [];
  if (!history.some(h => h.status === entry.status && h.at === entry.at)) {
    history.push(entry);
  }
  history.sort((a, b) => a.at - b.at);
  return history;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

/** Stores delivery events; every event has a natural key, so storing it twice stores it once. */
export class DeliveryStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DeliveryStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DeliveryStore(client);
  }

  constructor(readonly db: Knex) {}

  get isPostgres(): boolean {
    return this.db.client.config.client === 'pg';
  }

  /**
   * Runs a read-only analytical statement. On PostgreSQL, JIT compilation is
   * switched off for it: the planner's estimates for the metric CTEs are far
   * too high and JIT would spend seconds compiling a query that runs in
   * milliseconds.
   */
  async query(text: string, bindings: unknown[]): Promise<any[]> {
    if (!this.isPostgres) {
      return this.db.raw(text, bindings as any[]);
    }
    return this.db.transaction(async tx => {
      await tx.raw('SET LOCAL jit = off');
      return (await tx.raw(text, bindings as any[])).rows;
    });
  }

  async upsertEntityRepository(scope: ServiceScope): Promise<void> {
    await this.db('delivery_entity_repositories')
      .insert({
        entity_ref: scope.entityRef,
        repository: scope.repository,
        path: scope.path ?? null,
        workflows: JSON.stringify(scope.workflows),
        production_environments: JSON.stringify(scope.productionEnvironments),
        updated_at: Date.now(),
      })
      .onConflict('entity_ref')
      .merge();
  }

  /** Runs `work` in the given transaction, or else in a new one. */
  private inTransaction<T>(
    tx: Knex.Transaction | undefined,
    work: (trx: Knex.Transaction) => Promise<T>,
  ): Promise<T> {
    return tx ? work(tx) : this.db.transaction(work);
  }

  /**
   * Upserts events keyed by (source, external id) into `table`, 200 at a
   * time. Within a batch the last event for a key wins. `toRow` is given the
   * row the event replaces: the batch's earlier row for the same key, or else
   * the stored one, which is read (its source, external id and
   * `storedColumns`) only when `storedColumns` are given.
   */
  private async upsertEvents<E extends { source: string; externalId: string }>(
    table: string,
    events: E[],
    tx: Knex.Transaction | undefined,
    toRow: (
      e: E,
      previous: Record<string, unknown> | undefined,
    ) => Record<string, unknown>,
    storedColumns: string[] = [],
  ) {
    const keyOf = (source: unknown, externalId: unknown) =>
      `${source}\u0000${externalId}`;
    return this.inTransaction(tx, async trx => {
      for (const batch of chunk(events, 200)) {
        const stored = new Map<string, Record<string, unknown>>();
        if (storedColumns.length) {
          const existing = await trx(table)
            .select('source', 'external_id', ...storedColumns)
            .whereIn(
              ['source', 'external_id'],
              batch.map(e => [e.source, e.externalId]),
            );
          for (const r of existing)
            stored.set(keyOf(r.source, r.external_id), r);
        }
        const rows = new Map<string, Record<string, unknown>>();
        for (const e of batch) {
          const key = keyOf(e.source, e.externalId);
          rows.set(key, toRow(e, rows.get(key) ?? stored.get(key)));
        }
        await trx(table)
          .insert([...rows.values()])
          .onConflict(['source', 'external_id'])
          .merge();
      }
    });
  }

  async storeDeployments(events: DeploymentEvent[], tx?: Knex.Transaction) {
    return this.upsertEvents(
      'delivery_deployments',
      events,
      tx,
      (e, previous) => {
        const at =
          toMillis(e.finishedAt) ?? toMillis(e.startedAt) ?? Date.now();
        const history = mergeHistory(
          previous?.status_history as string | undefined,
          { status: e.status, at },
        );
        const latest = history[history.length - 1];
        return {
          source: e.source,
          external_id: e.externalId,
          repository: e.repository,
          service: e.service ?? null,
          environment: e.environment,
          sha: e.sha,
          ref: e.ref ?? null,
          status: latest.status,
          status_history: JSON.stringify(history),
          started_at: toMillis(e.startedAt),
          finished_at: toMillis(e.finishedAt),
          workflow: e.workflow ?? null,
          is_rollback: e.rollback ? 1 : 0,
          is_hotfix:
            e.hotfix || /^(refs\/heads\/)?hotfix[/-]/.test(e.ref ?? '') ? 1 : 0,
          url: e.url ?? null,
          updated_at: Date.now(),
        };
      },
      ['status_history'],
    );
  }

  async storeIncidents(events: IncidentEvent[], tx?: Knex.Transaction) {
    return this.upsertEvents('delivery_incidents', events, tx, e => ({
      source: e.source,
      external_id: e.externalId,
      entity_ref: e.entityRef ?? null,
      repository: e.repository ?? null,
      title: e.title ?? null,
      severity: e.severity ?? null,
      started_at: toMillis(e.startedAt),
      resolved_at: toMillis(e.resolvedAt),
      deployment_external_id: e.deployment ?? null,
      root_cause_sha: e.rootCauseSha ?? null,
      not_change_related: e.notChangeRelated ? 1 : 0,
      url: e.url ?? null,
      updated_at: Date.now(),
    }));
  }

  async storePipelineRuns(events: PipelineRunEvent[], tx?: Knex.Transaction) {
    return this.upsertEvents('delivery_pipeline_runs', events, tx, e => ({
      source: e.source,
      external_id: e.externalId,
      repository: e.repository,
      workflow: e.workflow,
      branch: e.branch ?? null,
      sha: e.sha ?? null,
      status: e.status,
      conclusion: e.conclusion ?? null,
      started_at: toMillis(e.startedAt),
      finished_at: toMillis(e.finishedAt),
      url: e.url ?? null,
      updated_at: Date.now(),
    }));
  }

  /**
   * Stores commits and pull requests, then recomputes the changes they touch
   * (a merged pull request, or a commit pushed to the default branch without one).
   */
  async storeChanges(
    events: Array<CommitEvent | PullRequestEvent>,
    tx?: Knex.Transaction,
  ) {
    return this.inTransaction(tx, async trx => {
      const commits = new Map<string, Record<string, unknown>>();
      const pulls = new Map<string, Record<string, unknown>>();
      const touchedPulls = new Map<
        string,
        { repository: string; number: number }
      >();
      const directCommits = new Set<string>();
      const now = Date.now();
      const addCommit = (
        repo: string,
        c: {
          sha: string;
          authoredAt: string;
          committedAt?: string;
          author?: string;
          message?: string;
          paths?: string[];
        },
        pr: number | undefined,
        pushedAt: string | undefined,
      ) => {
        commits.set(`${repo}\u0000${c.sha}`, {
          repository: repo,
          sha: c.sha,
          authored_at: toMillis(c.authoredAt),
          committed_at: toMillis(c.committedAt),
          pull_request_number: pr ?? null,
          pushed_at: toMillis(pushedAt),
          author: c.author ?? null,
          message: c.message ?? null,
          paths: c.paths ? JSON.stringify(c.paths) : null,
          updated_at: now,
        });
      };
      for (const e of events) {
        if (e.type === 'commit') {
          addCommit(e.repository, e, e.pullRequestNumber, e.pushedAt);
          if (e.pullRequestNumber) {
            touchedPulls.set(`${e.repository}#${e.pullRequestNumber}`, {
              repository: e.repository,
              number: e.pullRequestNumber,
            });
          } else if (e.pushedAt) {
            directCommits.add(`${e.repository}\u0000${e.sha}`);
          }
        } else {
          pulls.set(`${e.repository}#${e.number}`, {
            repository: e.repository,
            number: e.number,
            title: e.title ?? null,
            author: e.author ?? null,
            head_ref: e.headRef ?? null,
            created_at: toMillis(e.createdAt),
            first_commit_at: toMillis(e.firstCommitAt),
            merged_at: toMillis(e.mergedAt),
            merge_commit_sha: e.mergeCommitSha ?? null,
            merge_method: e.mergeMethod ?? null,
            labels: JSON.stringify(e.labels),
            fixes_incident: e.fixesIncident ?? null,
            paths: e.paths ? JSON.stringify(e.paths) : null,
            url: e.url ?? null,
            updated_at: now,
          });
          touchedPulls.set(`${e.repository}#${e.number}`, {
            repository: e.repository,
            number: e.number,
          });
          for (const c of e.commits)
            addCommit(e.repository, c, e.number, undefined);
        }
      }
      for (const batch of chunk([...commits.values()], 200)) {
        await trx('delivery_commits')
          .insert(batch)
          .onConflict(['repository', 'sha'])
          .merge();
      }
      for (const batch of chunk([...pulls.values()], 200)) {
        await trx('delivery_pull_requests')
          .insert(batch)
          .onConflict(['repository', 'number'])
          .merge();
      }
      await this.recomputePullRequestChanges(trx, [...touchedPulls.values()]);
      await this.recomputeCommitChanges(
        trx,
        [...directCommits].map(k => {
          const [repository, s] = k.split('\u0000');
          return { repository, sha: s };
        }),
      );
    });
  }

  private async recomputePullRequestChanges(
    trx: Knex.Transaction,
    prs: Array<{ repository: string; number: number }>,
  ) {
    for (const batch of chunk(prs, 100)) {
      const keys = batch.map(p => [p.repository, p.number]);
      const pulls = await trx('delivery_pull_requests')
        .select('*')
        .whereIn(['repository', 'number'], keys);
      const firstCommits: Array<{
        repository: string;
        pull_request_number: number;
        first: unknown;
      }> = await trx('delivery_commits')
        .select('repository', 'pull_request_number')
        .min({ first: 'authored_at' })
        .whereIn(['repository', 'pull_request_number'], keys)
        .groupBy('repository', 'pull_request_number');
      const first = new Map<string, number>(
        firstCommits.map(r => [
          `${r.repository}#${r.pull_request_number}`,
          Number(r.first),
        ]),
      );
      const commitPaths = new Map<string, Set<string>>();
      for (const c of await trx('delivery_commits')
        .select('repository', 'pull_request_number', 'paths')
        .whereIn(['repository', 'pull_request_number'], keys)
        .whereNotNull('paths')) {
        const key = `${c.repository}#${c.pull_request_number}`;
        const set = commitPaths.get(key) ?? new Set<string>();
        for (const path of JSON.parse(c.paths)) set.add(path);
        commitPaths.set(key, set);
      }
      const paths = new Map<string, string[]>();
      const rows = [];
      for (const p of pulls) {
        if (
          p.merged_at === null ||
          p.merged_at === undefined ||
          !p.merge_commit_sha
        ) {
          continue;
        }
        const candidates = [
          first.get(`${p.repository}#${p.number}`),
          p.first_commit_at,
        ]
          .filter(v => v !== null && v !== undefined)
          .map(Number);
        const labels: string[] = JSON.parse(p.labels ?? '[]');
        const changed = new Set<string>(
          commitPaths.get(`${p.repository}#${p.number}`) ?? [],
        );
        for (const path of p.paths ? JSON.parse(p.paths) : [])
          changed.add(path);
        paths.set(`${p.repository}\u0000pr:${p.number}`, [...changed]);
        rows.push({
          repository: p.repository,
          change_key: `pr:${p.number}`,
          pull_request_number: p.number,
          head_sha: p.merge_commit_sha,
          landed_at: Number(p.merged_at),
          first_commit_at: candidates.length ? Math.min(...candidates) : null,
          merge_method: p.merge_method ?? null,
          is_hotfix:
            labels.some(l => l.toLowerCase() === 'hotfix') ||
            /^hotfix[/-]/i.test(p.head_ref ?? '')
              ? 1
              : 0,
          incident_ref: p.fixes_incident ?? null,
          title: p.title ?? null,
        });
      }
      if (rows.length) {
        await trx('delivery_changes')
          .insert(rows)
          .onConflict(['repository', 'change_key'])
          .merge();
        await this.storeChangePaths(trx, paths);
      }
    }
  }

  /** Replaces the changed paths of the given changes (keyed by repository and change key). */
  private async storeChangePaths(
    trx: Knex.Transaction,
    paths: Map<string, string[]>,
  ) {
    const keys = [...paths.keys()].map(k => k.split('\u0000'));
    const ids = await trx('delivery_changes')
      .select('id', 'repository', 'change_key')
      .whereIn(['repository', 'change_key'], keys);
    await trx('delivery_change_paths')
      .whereIn(
        'change_id',
        ids.map(r => r.id),
      )
      .delete();
    const rows = ids.flatMap(r =>
      [...new Set(paths.get(`${r.repository}\u0000${r.change_key}`) ?? [])].map(
        path => ({ change_id: r.id, path: normalizePath(path) }),
      ),
    );
    const unique = [
      ...new Map(rows.map(r => [`${r.change_id}\u0000${r.path}`, r])).values(),
    ];
    for (const batch of chunk(unique, 200)) {
      await trx('delivery_change_paths').insert(batch);
    }
  }

  private async recomputeCommitChanges(
    trx: Knex.Transaction,
    shas: Array<{ repository: string; sha: string }>,
  ) {
    for (const batch of chunk(shas, 200)) {
      const commits = await trx('delivery_commits')
        .select('*')
        .whereIn(
          ['repository', 'sha'],
          batch.map(c => [c.repository, c.sha]),
        );
      const rows = commits
        .filter(c => c.pushed_at !== null && c.pull_request_number === null)
        .map(c => ({
          repository: c.repository,
          change_key: `commit:${c.sha}`,
          pull_request_number: null,
          head_sha: c.sha,
          landed_at: Number(c.pushed_at),
          first_commit_at: Number(c.authored_at),
          merge_method: null,
          is_hotfix: /^hotfix\b/i.test(c.message ?? '') ? 1 : 0,
          incident_ref: null,
          title: (c.message ?? '').split('\n')[0] || null,
        }));
      if (rows.length) {
        await trx('delivery_changes')
          .insert(rows)
          .onConflict(['repository', 'change_key'])
          .merge();
        await this.storeChangePaths(
          trx,
          new Map(
            commits
              .filter(
                c => c.pushed_at !== null && c.pull_request_number === null,
              )
              .map(c => [
                `${c.repository}\u0000commit:${c.sha}`,
                c.paths ? JSON.parse(c.paths) : [],
              ]),
          ),
        );
      }
    }
  }
}

/** `./services/api/` and `services/api` name the same path. */
export function normalizePath(path: string): string {
  return path.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
}
