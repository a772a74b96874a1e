import { DoraLevel } from '@internal/plugin-delivery-common';

/** Durations in seconds, as the API reports them. */
export const MINUTE = 60;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

function round(value: number, digits: number): string {
  return Number(value.toFixed(digits)).toString();
}

/** Seconds (as the API reports durations) in the largest unit that keeps the figure readable. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < MINUTE) return `${Math.round(seconds)} s`;
  if (seconds < HOUR) return `${round(seconds / MINUTE, 0)} min`;
  if (seconds < DAY) return `${round(seconds / HOUR, 1)} h`;
  const days = seconds / DAY;
  return `${round(days, 1)} ${days === 1 ? 'day' : 'days'}`;
}

/** A fraction between 0 and 1 as a percentage. */
export function formatPercent(fraction: number | null): string {
  if (fraction === null) return '–';
  return `${round(fraction * 100, 1)}%`;
}

/**
 * Deployments per day when there is at least one a day, per week otherwise:
 * "2.1 per day", or "2.1/day" where space is short.
 */
export function formatFrequency(
  perDay: number,
  perWeek: number,
  style: 'long' | 'short' = 'long',
): string {
  const per = style === 'short' ? '/' : ' per ';
  if (perDay >= 1) return `${round(perDay, 1)}${per}day`;
  return `${round(perWeek, 1)}${per}week`;
}

/** A count with its noun, singular for one: "1 deployment", "3 deployments". */
export function plural(
  count: number,
  singular: string,
  pluralForm = `${singular}s`,
): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

export const levelLabels: Record<DoraLevel, string> = {
  elite: 'Elite',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** An instant with its date, time and time zone, for a tooltip: "19 Nov 2026, 16:42:10 UTC". */
export function formatDateTimeWithZone(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeStyle: 'long',
    timeZone,
  }).format(new Date(iso));
}

const RELATIVE_UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', DAY],
  ['hour', HOUR],
  ['minute', MINUTE],
];

/** How long ago an instant was, in its largest whole unit: "3 hours ago", "yesterday". */
export function formatRelativeTime(iso: string, now: Date = new Date()) {
  const seconds = (Date.parse(iso) - now.getTime()) / 1000;
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of RELATIVE_UNITS) {
    if (Math.abs(seconds) >= size) {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return format.format(0, 'second');
}

/** A window as two calendar days in the browser's locale: "21/10/2026 to 20/11/2026". */
export function formatDateRange(
  from: string | Date,
  to: string | Date,
): string {
  const day = (d: string | Date) => new Date(d).toLocaleDateString();
  return `${day(from)} to ${day(to)}`;
}
