/** A day in milliseconds. */
export const DAY_MS = 86_400_000;

/** The window of the last `days` days, ending now. */
export function lastDays(
  days: number,
  now: Date = new Date(),
): { from: Date; to: Date } {
  return { from: new Date(now.getTime() - days * DAY_MS), to: now };
}
