import { Knex } from 'knex';

/** The part of a better-sqlite3 connection that knex prepares statements with. */
interface PreparingConnection {
  prepare(sql: string): unknown;
}

/** Statements kept per connection, least recently used dropped first. */
const CACHED_STATEMENTS = 200;

const tuned = new WeakSet<PreparingConnection>();

/**
 * Keeps the connection's prepared statements for reuse. knex prepares every
 * statement anew, and SQLite takes as long to prepare a metrics statement
 * (tens of kilobytes of SQL) as to run it; all of it blocks the process,
 * since SQLite calls are synchronous. Reusing a statement is safe because a
 * statement runs to completion before the next is prepared, and SQLite
 * prepares it again by itself when the schema changes.
 */
export function reusePreparedStatements(connection: PreparingConnection) {
  if (tuned.has(connection)) return;
  tuned.add(connection);
  const prepare = connection.prepare.bind(connection);
  const statements = new Map<string, unknown>();
  connection.prepare = (sql: string) => {
    const statement = statements.get(sql) ?? prepare(sql);
    statements.delete(sql);
    statements.set(sql, statement);
    if (statements.size > CACHED_STATEMENTS) {
      statements.delete(statements.keys().next().value!);
    }
    return statement;
  };
}

/**
 * Tunes the embedded default's SQLite database for serving reads while
 * large batches are written (a no-op on other databases):
 *
 * - a write-ahead log, so that a commit appends to the log instead of
 *   rewriting and syncing the database file and a rollback journal: a large
 *   batch's commit no longer stalls the process for several disk syncs.
 *   `synchronous = NORMAL` is SQLite's recommended setting with it: the
 *   database cannot be corrupted, and a power loss may only lose the latest
 *   commits.
 * - prepared statements reused, on the pool's connection and on any it
 *   creates later.
 */
export async function tuneSqlite(db: Knex) {
  if (!String(db.client.config.client).includes('sqlite')) return;
  db.client.pool.on('createSuccess', (_id: unknown, c: PreparingConnection) =>
    reusePreparedStatements(c),
  );
  const connection: PreparingConnection = await db.client.acquireConnection();
  try {
    reusePreparedStatements(connection);
  } finally {
    await db.client.releaseConnection(connection);
  }
  await db.raw('PRAGMA journal_mode = WAL');
  await db.raw('PRAGMA synchronous = NORMAL');
}
