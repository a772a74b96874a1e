import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { reusePreparedStatements, tuneSqlite } from './sqliteConnection';

const sqlite = (filename: string) =>
  knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
  });

/** The pool's single connection. */
async function connectionOf(db: Knex) {
  const connection = await db.client.acquireConnection();
  await db.client.releaseConnection(connection);
  return connection;
}

describe('SQLite connection', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delivery-sqlite-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('uses a write-ahead log and reuses prepared statements', async () => {
    const db = sqlite(path.join(dir, 'delivery.sqlite'));
    await tuneSqlite(db);
    const [mode] = await db.raw('PRAGMA journal_mode');
    expect(mode.journal_mode).toBe('wal');
    const connection = await connectionOf(db);
    expect(connection.prepare('SELECT 1')).toBe(connection.prepare('SELECT 1'));
    await db.destroy();
  });

  it('answers with the current schema after it changes', async () => {
    const db = sqlite(':memory:');
    await tuneSqlite(db);
    await db.raw('CREATE TABLE t (a INTEGER)');
    await db('t').insert({ a: 1 });
    expect(await db('t').select('*')).toEqual([{ a: 1 }]);
    await db.raw('ALTER TABLE t ADD COLUMN b TEXT');
    await db('t').update({ b: 'x' });
    expect(await db('t').select('*')).toEqual([{ a: 1, b: 'x' }]);
    await db.destroy();
  });

  it('keeps only the recently used statements', () => {
    const prepared: string[] = [];
    const connection = {
      prepare: (sql: string) => {
        prepared.push(sql);
        return { sql };
      },
    };
    reusePreparedStatements(connection);
    const first = connection.prepare('SELECT 0');
    for (let i = 1; i <= 200; i++) connection.prepare(`SELECT ${i}`);
    // 'SELECT 0' was the least recently used of 201 statements: dropped
    expect(connection.prepare('SELECT 0')).not.toBe(first);
    expect(connection.prepare('SELECT 200')).toBe(
      connection.prepare('SELECT 200'),
    );
    expect(prepared.filter(s => s === 'SELECT 0')).toHaveLength(2);
  });
});
