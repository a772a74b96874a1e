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
