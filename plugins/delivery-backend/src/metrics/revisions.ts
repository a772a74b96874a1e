import { Knex } from 'knex';

const TABLE = 'delivery_metrics_revisions';
/**
 * The key of every incident: a fix names an incident by its id, whatever
 * service it belongs to, so any incident can change any service's figures.
 */
export const INCIDENTS_REVISION = '*';
/** keys per statement, far below SQLite's limit of bound variables */
const CHUNK = 500;

const chunks = (keys: string[]) =>
  Array.from({ length: Math.ceil(keys.length / CHUNK) }, (_, i) =>
    keys.slice(i * CHUNK, (i + 1) * CHUNK),
  );

/**
 * Raises the revisions of `keys` (repositories, or `INCIDENTS_REVISION`):
 * call it in the transaction of every write that can change metrics, as its
 * last statement, so that the rows stay locked only until the commit. Keys
 * are written in order, so concurrent writers never wait for each other in
 * a cycle.
 */
export async function bumpRevisions(trx: Knex.Transaction, keys: string[]) {
  const sorted = [...new Set(keys)].sort();
  for (const part of chunks(sorted)) {
    await trx(TABLE)
      .insert(part.map(key => ({ revision_key: key, revision: 1 })))
      .onConflict('revision_key')
      .merge({ revision: trx.raw(`${TABLE}.revision + 1`) });
  }
}

/**
 * One number that grows whenever any revision of `keys` is raised (each
 * revision only grows, so their sum does): read it before computing figures
 * and keep it with them.
 */
export async function readRevision(db: Knex, keys: string[]): Promise<number> {
  let total = 0;
  for (const part of chunks([...new Set(keys)])) {
    const row = await db(TABLE)
      .sum({ total: 'revision' })
      .whereIn('revision_key', part)
      .first();
    total += Number(row?.total ?? 0);
  }
  return total;
}
