import { Knex } from 'knex';

export type Row = Record<string, unknown>;

/** What storing one event did. */
export type IngestResult =
  | { status: 'stored' | 'updated' | 'unchanged' }
  | { status: 'ignored'; reason: string };

/** A row after one event; `superseded` says why the event lost to the state it met, when it did. */
export interface Applied {
  row: Row;
  superseded?: string;
}

/** A table of events identified by a natural key, and how an event changes its row. */
export interface KeyedTable<E> {
  table: string;
  keyColumns: string[];
  keyOf(event: E): Array<string | number>;
  /**
   * The row after `event`, from the row before it (`undefined` for a new
   * row). Values read from the database may be strings (PostgreSQL bigint).
   */
  apply(previous: Row | undefined, event: E): Applied;
  /** Columns an event that lost may still change and be reported `ignored`, such as a log of statuses. */
  logColumns?: string[];
}

const BATCH = 200;

/** Equal as stored: PostgreSQL returns bigint columns as strings. */
function sameValue(a: unknown, b: unknown): boolean {
  const x = a ?? null;
  const y = b ?? null;
  return x === null || y === null ? x === y : String(x) === String(y);
}

function differs(next: Row, previous: Row, except: string[] = []): boolean {
  return Object.keys(next).some(
    column =>
      !except.includes(column) && !sameValue(next[column], previous[column]),
  );
}

function compareKeys(a: Array<string | number>, b: Array<string | number>) {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

const idOf = (key: unknown[]) => key.map(String).join('\u0000');

/** Applies a key's events in order to the row they meet, with each event's result. */
function fold<E>(
  spec: KeyedTable<E>,
  stored: Row | undefined,
  events: E[],
): { row: Row; results: IngestResult[] } {
  let state = stored;
  const results = events.map((event): IngestResult => {
    const previous = state;
    const { row, superseded } = spec.apply(previous, event);
    state = row;
    if (!previous) return { status: 'stored' };
    if (superseded && !differs(row, previous, spec.logColumns)) {
      return { status: 'ignored', reason: superseded };
    }
    return { status: differs(row, previous) ? 'updated' : 'unchanged' };
  });
  return { row: state!, results };
}

const quoted = (columns: string[]) => columns.map(c => `"${c}"`).join(', ');

/** Whether `rows` all have `columns` and nothing else, of JSON scalar values. */
function plainRows(rows: Row[], columns: string[]): boolean {
  return rows.every(row => {
    const values = Object.values(row);
    return (
      values.length === columns.length &&
      columns.every(c => c in row) &&
      values.every(
        v => v === null || typeof v === 'string' || typeof v === 'number',
      )
    );
  });
}

/**
 * Inserts the rows whose keys are not stored yet; returns the keys of those
 * inserted. On PostgreSQL, rows of one shape travel as one JSON value that
 * `json_populate_recordset` expands to the table's column types: one bound
 * value instead of one per column and row, which spares the driver and
 * knex most of a batch's work.
 */
function insertMissing<E>(
  trx: Knex.Transaction,
  spec: KeyedTable<E>,
  rows: Row[],
): Promise<Row[]> {
  const columns = Object.keys(rows[0]);
  if (trx.client.config.client === 'pg' && plainRows(rows, columns)) {
    const keys = quoted(spec.keyColumns);
    return trx
      .raw(
        `INSERT INTO "${spec.table}" (${quoted(columns)})
SELECT ${quoted(columns)} FROM json_populate_recordset(NULL::"${spec.table}", ?)
ON CONFLICT (${keys}) DO NOTHING RETURNING ${keys}`,
        [JSON.stringify(rows)],
      )
      .then(result => result.rows);
  }
  return trx(spec.table)
    .insert(rows)
    .onConflict(spec.keyColumns)
    .ignore()
    .returning(spec.keyColumns);
}

/**
 * Stores events by natural key, safe against concurrent writers of the same
 * keys. Keys are taken in one fixed order, so that two writers never wait for
 * each other in a cycle: new rows are inserted (`ON CONFLICT DO NOTHING`,
 * which on PostgreSQL waits for a concurrent insert of the same key), then the
 * other rows are locked (`FOR UPDATE`), merged with the events, and written
 * back only when they changed. SQLite needs no row locks: knex gives it a
 * single pooled connection, so its transactions run one after the other.
 *
 * Rows written are stamped `updated_at` with `now`. Returns each event's
 * result, in the order of `events`.
 */
export async function upsertByKey<E>(
  trx: Knex.Transaction,
  spec: KeyedTable<E>,
  events: E[],
  now: number = Date.now(),
): Promise<IngestResult[]> {
  const results: IngestResult[] = new Array(events.length);
  const groups = new Map<
    string,
    { key: Array<string | number>; at: number[] }
  >();
  events.forEach((event, index) => {
    const key = spec.keyOf(event);
    const id = idOf(key);
    const group = groups.get(id) ?? { key, at: [] };
    group.at.push(index);
    groups.set(id, group);
  });
  const sorted = [...groups.values()].sort((a, b) => compareKeys(a.key, b.key));
  const setResults = (at: number[], keyResults: IngestResult[]) =>
    at.forEach((index, i) => {
      results[index] = keyResults[i];
    });

  for (let start = 0; start < sorted.length; start += BATCH) {
    const batch = sorted.slice(start, start + BATCH);
    const fresh = batch.map(g =>
      fold(
        spec,
        undefined,
        g.at.map(i => events[i]),
      ),
    );
    const inserted = new Set(
      (
        await insertMissing(
          trx,
          spec,
          fresh.map(f => ({ ...f.row, updated_at: now })),
        )
      ).map((r: Row) => idOf(spec.keyColumns.map(c => r[c]))),
    );
    const existing = batch.filter((g, i) => {
      if (!inserted.has(idOf(g.key))) return true;
      setResults(g.at, fresh[i].results);
      return false;
    });
    if (!existing.length) continue;

    const stored = new Map<string, Row>();
    for (const row of await trx(spec.table)
      .select('*')
      .whereIn(
        spec.keyColumns,
        existing.map(g => g.key),
      )
      .orderBy(spec.keyColumns)
      .forUpdate()) {
      stored.set(idOf(spec.keyColumns.map(c => row[c])), row);
    }
    const changed: Row[] = [];
    for (const g of existing) {
      const previous = stored.get(idOf(g.key));
      const { row, results: keyResults } = fold(
        spec,
        previous,
        g.at.map(i => events[i]),
      );
      setResults(g.at, keyResults);
      if (!previous || differs(row, previous)) {
        changed.push({ ...row, updated_at: now });
      }
    }
    if (changed.length) {
      await trx(spec.table).insert(changed).onConflict(spec.keyColumns).merge();
    }
  }
  return results;
}

/** Sets the columns an event carries (`undefined`: not carried; `null`: cleared). */
export function carry(
  row: Row,
  carried: Row,
  mode: 'overwrite' | 'fill empty',
): Row {
  const next = { ...row };
  for (const [column, value] of Object.entries(carried)) {
    if (value === undefined) continue;
    if (
      mode === 'overwrite' ||
      next[column] === null ||
      next[column] === undefined
    ) {
      next[column] = value;
    }
  }
  return next;
}

/** The given columns of a stored row, or their values for a new row. */
export function columnsOf(previous: Row | undefined, defaults: Row): Row {
  if (!previous) return { ...defaults };
  return Object.fromEntries(
    Object.keys(defaults).map(c => [c, previous[c] ?? null]),
  );
}

export const toNumber = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

/** An event's time as stored; `null` (cleared) and `undefined` (not carried) pass through. */
export const toMillis = <T extends null | undefined>(iso: string | T) =>
  typeof iso === 'string' ? Date.parse(iso) : iso;
