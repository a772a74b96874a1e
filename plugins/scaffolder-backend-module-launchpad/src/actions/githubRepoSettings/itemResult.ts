export type ItemStatus = 'created' | 'updated' | 'unchanged' | 'skipped';
/** What reconciling one setting did. */
export type ItemResult = { status: ItemStatus; detail?: string };

export const sameSet = (
  a: readonly (string | number)[],
  b: readonly (string | number)[],
) =>
  a.length === b.length &&
  [...a].sort().join('\n') === [...b].sort().join('\n');
