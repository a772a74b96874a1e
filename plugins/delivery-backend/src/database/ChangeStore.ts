import { Knex } from 'knex';
import { CommitEvent, PullRequestEvent } from '../service/schemas';
import { lockRepositories, refreshHeadsOfShas } from './deploymentHeads';
import {
  IngestResult,
  KeyedTable,
  carry,
  columnsOf,
  toMillis,
  upsertByKey,
} from './upsertByKey';

/** A commit as stored: from a commit event, or from a pull request's commit list. */
type CommitInput = Omit<CommitEvent, 'type'>;

type RepoKey = [repository: string, key: string | number];

const toJson = (value: unknown) =>
  value === undefined ? undefined : JSON.stringify(value);

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

function uniqueKeys<K extends RepoKey>(keys: K[]): K[] {
  return [...new Map(keys.map(k => [`${k[0]}\u0000${k[1]}`, k])).values()];
}

/** `./services/api/` and `services/api` name the same path. */
export function normalizePath(path: string): string {
  return path.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
}

const pullRequestsTable: KeyedTable<PullRequestEvent> = {
  table: 'delivery_pull_requests',
  keyColumns: ['repository', 'number'],
  keyOf: e => [e.repository, e.number],
  apply: (previous, e) => ({
    row: carry(
      columnsOf(previous, {
        repository: e.repository,
        number: e.number,
        title: null,
        author: null,
        head_ref: null,
        created_at: null,
        first_commit_at: null,
        merged_at: null,
        merge_commit_sha: null,
        merge_method: null,
        labels: '[]',
        fixes_incident: null,
        paths: null,
        url: null,
      }),
      {
        title: e.title,
        author: e.author,
        head_ref: e.headRef,
        created_at: toMillis(e.createdAt),
        first_commit_at: toMillis(e.firstCommitAt),
        merged_at: toMillis(e.mergedAt),
        merge_commit_sha: e.mergeCommitSha,
        merge_method: e.mergeMethod,
        labels: toJson(e.labels),
        fixes_incident: e.fixesIncident,
        paths: toJson(e.paths),
        url: e.url,
      },
      'overwrite',
    ),
  }),
};

const commitsTable: KeyedTable<CommitInput> = {
  table: 'delivery_commits',
  keyColumns: ['repository', 'sha'],
  keyOf: c => [c.repository, c.sha],
  apply: (previous, c) => ({
    row: carry(
      columnsOf(previous, {
        repository: c.repository,
        sha: c.sha,
        authored_at: null,
        committed_at: null,
        pull_request_number: null,
        pushed_at: null,
        push_head_sha: null,
        author: null,
        message: null,
        paths: null,
      }),
      {
        authored_at: toMillis(c.authoredAt),
        committed_at: toMillis(c.committedAt),
        pull_request_number: c.pullRequestNumber,
        pushed_at: toMillis(c.pushedAt),
        push_head_sha: c.pushHeadSha,
        author: c.author,
        message: c.message,
        paths: toJson(c.paths),
      },
      'overwrite',
    ),
  }),
};

/** A pull request's result, counting its listed commits as part of it. */
function withCommit(
  pullRequest: IngestResult,
  commit: IngestResult,
): IngestResult {
  if (pullRequest.status === 'stored') return pullRequest;
  return commit.status === 'stored' || commit.status === 'updated'
    ? { status: 'updated' }
    : pullRequest;
}

/**
 * Commits and pull requests, and the changes made of them: a merged pull
 * request, or a commit pushed to the default branch without one.
 */
export class ChangeStore {
  /**
   * Stores commits and pull requests, then recomputes the changes they touch
   * and the heads of the deployments of those changes' shas.
   */
  async store(
    trx: Knex.Transaction,
    events: Array<CommitEvent | PullRequestEvent>,
  ): Promise<IngestResult[]> {
    await lockRepositories(
      trx,
      events.map(e => e.repository),
      'exclusive',
    );
    const pulls: PullRequestEvent[] = [];
    const pullOwners: number[] = [];
    const commits: CommitInput[] = [];
    const commitOwners: number[] = [];
    events.forEach((e, index) => {
      if (e.type === 'commit') {
        commits.push(e);
        commitOwners.push(index);
        return;
      }
      pulls.push(e);
      pullOwners.push(index);
      for (const c of e.commits ?? []) {
        commits.push({
          ...c,
          repository: e.repository,
          pullRequestNumber: e.number,
        });
        commitOwners.push(index);
      }
    });
    const results: IngestResult[] = new Array(events.length);
    (await upsertByKey(trx, pullRequestsTable, pulls)).forEach((r, i) => {
      results[pullOwners[i]] = r;
    });
    (await upsertByKey(trx, commitsTable, commits)).forEach((r, i) => {
      const owner = commitOwners[i];
      results[owner] =
        events[owner].type === 'commit' ? r : withCommit(results[owner], r);
    });

    const linked = await this.linkRebasedCommits(trx, [
      ...pulls.flatMap(p =>
        p.mergeCommitSha ? [[p.repository, p.mergeCommitSha] as RepoKey] : [],
      ),
      ...commits.flatMap(c =>
        c.pushHeadSha ? [[c.repository, c.pushHeadSha] as RepoKey] : [],
      ),
    ]);
    const heads = await this.recomputeChanges(
      trx,
      pulls.map(p => [p.repository, p.number]),
      [...commits.map(c => [c.repository, c.sha] as RepoKey), ...linked],
    );
    await refreshHeadsOfShas(trx, heads);
    return results;
  }

  /**
   * A rebase merge pushes the pull request's rebased commits, and the push
   * ends at the pull request's merge commit: the pushed commits belong to the
   * pull request, not to direct changes. Either may be stored first, so both
   * the pull requests' merge commits and the pushes' heads are looked up.
   * Returns the commits given to a pull request.
   */
  private async linkRebasedCommits(
    trx: Knex.Transaction,
    heads: RepoKey[],
  ): Promise<RepoKey[]> {
    const linked: RepoKey[] = [];
    for (const batch of chunk(uniqueKeys(heads), 200)) {
      const merged = await trx('delivery_pull_requests')
        .select('repository', 'number', 'merge_commit_sha')
        .whereIn(['repository', 'merge_commit_sha'], batch)
        .whereNotNull('merged_at');
      for (const pr of merged) {
        const orphans = trx('delivery_commits')
          .where({
            repository: pr.repository,
            push_head_sha: pr.merge_commit_sha,
          })
          .whereNull('pull_request_number');
        const shas: string[] = (await orphans.clone().select('sha')).map(
          r => r.sha,
        );
        if (!shas.length) continue;
        await orphans.update({
          pull_request_number: pr.number,
          updated_at: Date.now(),
        });
        linked.push(...shas.map(s => [pr.repository, s] as RepoKey));
      }
    }
    return linked;
  }

  /**
   * Recomputes the changes of the given pull requests and commits: a commit
   * of a pull request makes the pull request's change (and loses a direct
   * change it may have had), a commit pushed without one is its own change.
   * Returns the head shas of the changes written or removed, before and after.
   */
  private async recomputeChanges(
    trx: Knex.Transaction,
    pullRequests: RepoKey[],
    commits: RepoKey[],
  ): Promise<Array<[string, string]>> {
    const pulls = [...pullRequests];
    const direct: RepoKey[] = [];
    const notDirect: RepoKey[] = [];
    for (const batch of chunk(uniqueKeys(commits), 200)) {
      for (const c of await trx('delivery_commits')
        .select('repository', 'sha', 'pull_request_number', 'pushed_at')
        .whereIn(['repository', 'sha'], batch)) {
        if (c.pull_request_number !== null) {
          pulls.push([c.repository, Number(c.pull_request_number)]);
          notDirect.push([c.repository, `commit:${c.sha}`]);
        } else if (c.pushed_at !== null) {
          direct.push([c.repository, c.sha]);
        }
      }
    }
    return [
      ...(await this.deleteChanges(trx, notDirect)),
      ...(await this.recomputePullRequestChanges(trx, uniqueKeys(pulls))),
      ...(await this.recomputeCommitChanges(trx, direct)),
    ];
  }

  /** The head shas of the stored changes with the given keys. */
  private async headsOf(
    trx: Knex.Transaction,
    keys: RepoKey[],
  ): Promise<Array<[string, string]>> {
    const rows = await trx('delivery_changes')
      .select('repository', 'head_sha')
      .whereIn(['repository', 'change_key'], keys);
    return rows.map(r => [r.repository, r.head_sha]);
  }

  private async deleteChanges(trx: Knex.Transaction, keys: RepoKey[]) {
    const heads: Array<[string, string]> = [];
    for (const batch of chunk(keys, 200)) {
      const rows = await trx('delivery_changes')
        .select('id', 'repository', 'head_sha')
        .whereIn(['repository', 'change_key'], batch);
      const ids = rows.map(r => r.id);
      if (!ids.length) continue;
      heads.push(
        ...rows.map(r => [r.repository, r.head_sha] as [string, string]),
      );
      await trx('delivery_change_paths').whereIn('change_id', ids).delete();
      await trx('delivery_changes').whereIn('id', ids).delete();
    }
    return heads;
  }

  private async recomputePullRequestChanges(
    trx: Knex.Transaction,
    prs: RepoKey[],
  ) {
    const heads: Array<[string, string]> = [];
    for (const keys of chunk(prs, 100)) {
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
        // a merge commit may change: the deployments of the old one lose it
        heads.push(
          ...(await this.headsOf(
            trx,
            rows.map(r => [r.repository, r.change_key]),
          )),
          ...rows.map(r => [r.repository, r.head_sha] as [string, string]),
        );
        await trx('delivery_changes')
          .insert(rows)
          .onConflict(['repository', 'change_key'])
          .merge();
        await this.storeChangePaths(trx, paths);
      }
    }
    return heads;
  }

  private async recomputeCommitChanges(trx: Knex.Transaction, shas: RepoKey[]) {
    const heads: Array<[string, string]> = [];
    for (const batch of chunk(shas, 200)) {
      const commits = await trx('delivery_commits')
        .select('*')
        .whereIn(['repository', 'sha'], batch);
      const rows = commits.map(c => ({
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
      heads.push(
        ...rows.map(r => [r.repository, r.head_sha] as [string, string]),
      );
      if (rows.length) {
        await trx('delivery_changes')
          .insert(rows)
          .onConflict(['repository', 'change_key'])
          .merge();
        await this.storeChangePaths(
          trx,
          new Map(
            commits.map(c => [
              `${c.repository}\u0000commit:${c.sha}`,
              c.paths ? JSON.parse(c.paths) : [],
            ]),
          ),
        );
      }
    }
    return heads;
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
}
