/**
 * Percentile with linear interpolation between closest ranks, the semantics
 * of PostgreSQL's percentile_cont. Used only on already aggregated figures
 * (for example deploy days per week); per-event percentiles run in SQL.
 */
export function percentileCont(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
