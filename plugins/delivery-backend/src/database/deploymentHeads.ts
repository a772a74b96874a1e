import { Knex } from 'knex';

const BATCH = 200;

/** The latest landing time of the changes at a deployment's sha. */
const HEAD_AT = `(SELECT MAX(c.landed_at) FROM delivery_changes c
  WHERE c.repository = delivery_deployments.repository
    AND c.head_sha = delivery_deployments.sha)`;

/**
 * Sets `head_at` of the deployments matching `columns` = one of `keys`,
 * writing only the rows whose value changes.
 */
async function refreshHeads(
  trx: Knex.Transaction,
  columns: [string, string],
  keys: Array<[string, string]>,
) {
  const unique = [...new Map(keys.map(k => [k.join('\u0000'), k])).values()];
  for (let i = 0; i < unique.length; i += BATCH) {
    const batch = unique.slice(i, i + BATCH);
    // Each column's own list lets PostgreSQL use the two-column index, which
    // it does not for a list of row values alone.
    await trx('delivery_deployments')
      .whereIn(columns[0], [...new Set(batch.map(k => k[0]))])
      .whereIn(columns[1], [...new Set(batch.map(k => k[1]))])
      .whereIn(columns, batch)
      .whereRaw(`COALESCE(head_at, -1) <> COALESCE(${HEAD_AT}, -1)`)
      .update({ head_at: trx.raw(HEAD_AT) });
  }
}

/** After deployments are stored: their heads, by natural key (source, external id). */
export function refreshDeploymentHeads(
  trx: Knex.Transaction,
  keys: Array<[source: string, externalId: string]>,
) {
  return refreshHeads(trx, ['source', 'external_id'], keys);
}

/** After changes are stored or removed: the heads of the deployments of their head shas. */
export function refreshHeadsOfShas(
  trx: Knex.Transaction,
  shas: Array<[repository: string, sha: string]>,
) {
  return refreshHeads(trx, ['repository', 'sha'], shas);
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
