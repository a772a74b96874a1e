import { createHash } from 'crypto';
import { Knex } from 'knex';

/** A fragment of SQL with positional `?` bindings, composed without losing binding order. */
export class Sql {
  constructor(readonly text: string, readonly bindings: unknown[]) {}
}

export type SqlValue = string | number | null | Sql;

/** Tagged template: interpolated values become bindings, nested `Sql` fragments are inlined. */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): Sql {
  let text = strings[0];
  const bindings: unknown[] = [];
  values.forEach((v, i) => {
    if (v instanceof Sql) {
      text += v.text;
      bindings.push(...v.bindings);
    } else {
      text += '?';
      bindings.push(v);
    }
    text += strings[i + 1];
  });
  return new Sql(text, bindings);
}

export function join(parts: Sql[], separator: string): Sql {
  return new Sql(
    parts.map(p => p.text).join(separator),
    parts.flatMap(p => p.bindings),
  );
}

/** A raw SQL text with no bindings; only for trusted constants. */
export function raw(text: string): Sql {
  return new Sql(text, []);
}

export function inList(values: Array<string | number>): Sql {
  return new Sql(`(${values.map(() => '?').join(', ')})`, [...values]);
}

/** What runs an analytical statement: the delivery store's database. */
export interface AnalyticalDatabase {
  readonly db: Knex;
  readonly isPostgres: boolean;
}

/**
 * `reusePlan`: each connection prepares and plans the statement once and
 * reuses it; for statements whose text depends on few shapes.
 */
export interface PlanOptions {
  reusePlan?: boolean;
}

/**
 * Runs a read-only analytical statement. On PostgreSQL, JIT compilation,
 * nested-loop and merge joins are switched off for it: the planner cannot
 * estimate the metric CTEs (it expects one row where there are thousands)
 * and would otherwise compile for seconds, re-scan CTEs once per row or
 * merge on part of the keys; hash joins stay fast whatever the estimate.
 * Per-scope table access is written as LATERAL joins, which stay nested
 * loops.
 */
export async function runAnalytical(
  database: AnalyticalDatabase,
  q: Sql,
  options: PlanOptions = {},
): Promise<any[]> {
  if (!database.isPostgres) {
    return database.db.raw(q.text, q.bindings as any[]);
  }
  return database.db.transaction(async tx => {
    // one round trip; the window functions sort every deployment of the
    // scopes: in memory
    await tx.raw(`SELECT set_config('jit', 'off', true),
      set_config('enable_nestloop', 'off', true),
      set_config('enable_mergejoin', 'off', true),
      set_config('work_mem', '64MB', true),
      set_config('plan_cache_mode', '${
        options.reusePlan ? 'force_generic_plan' : 'auto'
      }', true)`);
    const statement = tx.raw(q.text, q.bindings as any[]);
    if (options.reusePlan) statement.options({ name: statementName(q) });
    return (await statement).rows;
  });
}

/**
 * A prepared statement's name: each connection prepares (parses and plans)
 * a text once and keeps it, so only a bounded set of texts should be
 * reused (see `PlanOptions`).
 */
function statementName(q: Sql) {
  return `delivery_${createHash('sha1')
    .update(q.text)
    .digest('hex')
    .slice(0, 24)}`;
}
