const DAY_MS = 86_400_000;

/** A span of time in which a zone's offset from UTC is constant. */
export interface OffsetSegment {
  start: number;
  end: number;
  offsetMs: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA time zone this runtime knows. */
export function isValidTimezone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** UTC has one offset for all time: no need to ask Intl (a read computes it for every day of its window). */
const isUtc = (timeZone: string) => timeZone === 'UTC';

/** The zone's offset from UTC at instant `t`, in milliseconds (whole seconds). */
export function offsetAt(timeZone: string, t: number): number {
  if (isUtc(timeZone)) return 0;
  const seconds = Math.floor(t / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(seconds)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const local = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
  return local - seconds;
}

/**
 * The zone's offsets over [from, to): one segment per offset, split exactly
 * at each transition (daylight saving time), so that a calendar day is
 * `floor((t + offset(t)) / day)` for any t. Transitions are found by probing
 * once a day and bisecting to the millisecond.
 */
export function offsetSegments(
  timeZone: string,
  from: number,
  to: number,
): OffsetSegment[] {
  if (isUtc(timeZone)) return [{ start: from, end: to, offsetMs: 0 }];
  const segments: OffsetSegment[] = [];
  let start = from;
  let offsetMs = offsetAt(timeZone, from);
  for (let probe = from; probe < to; ) {
    const next = Math.min(probe + DAY_MS, to - 1);
    if (next <= probe) break;
    const nextOffset = offsetAt(timeZone, next);
    if (nextOffset !== offsetMs) {
      let lo = probe; // offsetMs at lo
      let hi = next; // a different offset at hi
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(timeZone, mid) === offsetMs) lo = mid;
        else hi = mid;
      }
      segments.push({ start, end: hi, offsetMs });
      start = hi;
      offsetMs = offsetAt(timeZone, hi);
    }
    probe = next;
  }
  segments.push({ start, end: to, offsetMs });
  return segments;
}

/** The calendar day number (days since 1970-01-01 in the zone) of instant `t`. */
export function localDay(timeZone: string, t: number): number {
  return Math.floor((t + offsetAt(timeZone, t)) / DAY_MS);
}
