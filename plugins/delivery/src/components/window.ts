/** A day in milliseconds. */
export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * The end of a window that ends "now": the next whole minute, as the
 * delivery backend's default window. The reads of one minute then ask for
 * the same figures, which the backend serves from its cache instead of
 * computing them for every page load.
 */
export function windowEnd(now: Date): Date {
  return new Date(Math.ceil(now.getTime() / MINUTE_MS) * MINUTE_MS);
}

/** The window of the last `days` days, ending now (see `windowEnd`). */
export function lastDays(
  days: number,
  now: Date = new Date(),
): { from: Date; to: Date } {
  const to = windowEnd(now);
  return { from: new Date(to.getTime() - days * DAY_MS), to };
}
