import { Knex } from 'knex';

const BATCH = 200;

/** The latest landing time of the changes at a deployment's sha. */
const HEAD_AT = `(SELECT MAX(c.landed_at) FROM delivery_changes c
  WHERE c.repository = delivery_deployments.repository
    AND c.head_sha = delivery_deployments.sha)`;

type RepositorySha = [repository: string, sha: string];

const shaKey = (repository: string, sha: string) => `${repository}\u0000${sha}`;

/** The distinct pairs, a statement's worth at a time. */
function batchesOf(shas: RepositorySha[]): RepositorySha[][] {
  const unique = [...new Map(shas.map(k => [shaKey(...k), k])).values()];
  return Array.from({ length: Math.ceil(unique.length / BATCH) }, (_, i) =>
    unique.slice(i * BATCH, (i + 1) * BATCH),
  );
}

/** The head times looked up for some (repository, sha) pairs; see `headTimesOf`. */
export class HeadTimes {
  constructor(private readonly times: Map<string, number | null>) {}

  /**
   * The head time of a deployment of `sha`: a number, or `null` when no
   * change has that head; `undefined` when the pair was not looked up.
   */
  of(repository: string, sha: string): number | null | undefined {
    return this.times.get(shaKey(repository, sha));
  }
}

/**
 * The head times of the given (repository, sha) pairs, in one statement per
 * batch: the pairs are joined to the changes through their head-sha index.
 * Called with the repositories locked, so no change of them is being written.
 */
export async function headTimesOf(
  trx: Knex.Transaction,
  shas: RepositorySha[],
): Promise<HeadTimes> {
  const times = new Map<string, number | null>();
  for (const batch of batchesOf(shas)) {
    batch.forEach(k => times.set(shaKey(...k), null));
    const rows = await trx.raw(
      `WITH k(repository, sha) AS (VALUES ${batch
        .map(() => '(?, ?)')
        .join(', ')})
      SELECT k.repository, k.sha, MAX(c.landed_at) AS head_at
      FROM k JOIN delivery_changes c
        ON c.repository = k.repository AND c.head_sha = k.sha
      GROUP BY k.repository, k.sha`,
      batch.flat(),
    );
    for (const r of rows.rows ?? rows) {
      times.set(shaKey(r.repository, r.sha), Number(r.head_at));
    }
  }
  return new HeadTimes(times);
}

/**
 * After changes are stored or removed: sets `head_at` of the deployments of
 * their head shas, writing only the rows whose value changes.
 */
export async function refreshHeadsOfShas(
  trx: Knex.Transaction,
  shas: RepositorySha[],
) {
  for (const batch of batchesOf(shas)) {
    // Each column's own list lets PostgreSQL use the two-column index, which
    // it does not for a list of row values alone.
    await trx('delivery_deployments')
      .whereIn('repository', [...new Set(batch.map(k => k[0]))])
      .whereIn('sha', [...new Set(batch.map(k => k[1]))])
      .whereIn(['repository', 'sha'], batch)
      .whereRaw(`COALESCE(head_at, -1) <> COALESCE(${HEAD_AT}, -1)`)
      .update({ head_at: trx.raw(HEAD_AT) });
  }
}

/**
 * On PostgreSQL, one writer at a time recomputes a repository's changes and
 * the heads of its deployments: the recomputation reads and rewrites rows of
 * several tables (commits that move to a pull request, changes, their paths,
 * the deployments of their shas) that no single row lock covers, and a
 * deployment's head read while a change of its sha is being written would be
 * stale. Change writers take a repository's lock exclusively; deployment
 * writers only read changes, so they share it and never wait for each other.
 * Locks are taken in name order, in one statement, so writers never wait in a
 * cycle. SQLite has a single writer anyway.
 */
export async function lockRepositories(
  trx: Knex.Transaction,
  repositories: string[],
  mode: 'exclusive' | 'shared',
) {
  if (trx.client.config.client !== 'pg') return;
  const lock =
    mode === 'shared'
      ? 'pg_advisory_xact_lock_shared'
      : 'pg_advisory_xact_lock';
  await trx.raw(
    `SELECT ${lock}(hashtextextended('delivery_changes:' || r, 0))
    FROM (SELECT DISTINCT r FROM unnest(?::text[]) AS r ORDER BY r) names`,
    [repositories],
  );
}
