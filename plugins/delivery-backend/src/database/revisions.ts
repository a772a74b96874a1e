import { Knex } from 'knex';

const TABLE = 'delivery_metrics_revisions';
/**
 * The key of every incident: a fix names an incident by its id, whatever
 * service it belongs to, so any incident can change any service's figures.
 */
export const INCIDENTS_REVISION = '*';
/** keys per statement, far below SQLite's limit of bound variables */
const CHUNK = 500;

/** On conflict: the written time unless the row already has a later one. */
const LATER_DEPLOYMENTS_UPDATED_AT = `CASE
  WHEN excluded.deployments_updated_at > COALESCE(${TABLE}.deployments_updated_at, 0)
  THEN excluded.deployments_updated_at ELSE ${TABLE}.deployments_updated_at END`;

const chunks = (keys: string[]) =>
  Array.from({ length: Math.ceil(keys.length / CHUNK) }, (_, i) =>
    keys.slice(i * CHUNK, (i + 1) * CHUNK),
  );

/**
 * Raises the revisions of `keys` (repositories, or `INCIDENTS_REVISION`):
 * call it in the transaction of every write that can change metrics, as its
 * last statement, so that the rows stay locked only until the commit. Keys
 * are written in order, so concurrent writers never wait for each other in
 * a cycle. A write of deployments passes the time it stamped them with, kept
 * as when the repositories last had deployment events stored (a later time
 * already kept by another writer stays).
 */
export async function bumpRevisions(
  trx: Knex.Transaction,
  keys: string[],
  deploymentsUpdatedAt?: number,
) {
  const sorted = [...new Set(keys)].sort();
  for (const part of chunks(sorted)) {
    await trx(TABLE)
      .insert(
        part.map(key => ({
          revision_key: key,
          revision: 1,
          deployments_updated_at: deploymentsUpdatedAt ?? null,
        })),
      )
      .onConflict('revision_key')
      .merge({
        revision: trx.raw(`${TABLE}.revision + 1`),
        ...(deploymentsUpdatedAt === undefined
          ? {}
          : { deployments_updated_at: trx.raw(LATER_DEPLOYMENTS_UPDATED_AT) }),
      });
  }
}

/**
 * Sets when `repositories` last had deployment events stored from their
 * deployments' own times, after some of those were deleted.
 */
export async function recomputeDeploymentsUpdatedAt(
  trx: Knex.Transaction,
  repositories: string[],
) {
  for (const part of chunks(repositories)) {
    await trx(TABLE)
      .whereIn('revision_key', part)
      .update({
        deployments_updated_at: trx.raw(
          `(SELECT MAX(d.updated_at) FROM delivery_deployments d WHERE d.repository = ${TABLE}.revision_key)`,
        ),
      });
  }
}

/** Reads the revisions of `keys` that have one (a key never raised has none). */
export type ReadRevisions = (keys: string[]) => Promise<Map<string, number>>;

/** The revisions of `keys` that have one (a key never raised has none). */
export async function readRevisions(
  db: Knex,
  keys: string[],
): Promise<Map<string, number>> {
  const revisions = new Map<string, number>();
  for (const part of chunks(keys)) {
    const rows = await db(TABLE)
      .select('revision_key', 'revision')
      .whereIn('revision_key', part);
    for (const r of rows)
      revisions.set(String(r.revision_key), Number(r.revision));
  }
  return revisions;
}

const sumOf = (keys: string[], revisions: Map<string, number>) =>
  [...new Set(keys)].reduce((total, k) => total + (revisions.get(k) ?? 0), 0);

/**
 * One number per reader that grows whenever any revision of its keys is
 * raised (each revision only grows, so their sum does): read it before
 * computing figures and keep it with them. The keys asked for in one turn
 * of the event loop are read in one statement (`readRevisions`), started
 * after every one of those reads was asked for, so each reader gets
 * revisions at least as new as a statement of its own would have read.
 */
export class RevisionReader {
  private batch:
    | { keys: Set<string>; result: Promise<Map<string, number>> }
    | undefined;

  constructor(private readonly readMany: ReadRevisions) {}

  async read(keys: string[]): Promise<number> {
    if (!this.batch) {
      const batch = {
        keys: new Set<string>(),
        result: new Promise<Map<string, number>>((resolve, reject) =>
          setImmediate(() => {
            if (this.batch === batch) this.batch = undefined;
            this.readMany([...batch.keys]).then(resolve, reject);
          }),
        ),
      };
      this.batch = batch;
    }
    const { keys: batchKeys, result } = this.batch;
    keys.forEach(k => batchKeys.add(k));
    return sumOf(keys, await result);
  }
}
