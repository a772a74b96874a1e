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

/**
 * Deploy days per week, on which deployment frequency's level is judged:
 * "4 deploy days per week", or "4 deploy days/week" where space is short.
 */
export function formatDeployDays(
  perWeek: number,
  style: 'long' | 'short' = 'long',
): string {
  const days = plural(Number(round(perWeek, 1)), 'deploy day');
  return style === 'short' ? `${days}/week` : `${days} per week`;
}

/**
 * A group's deployment frequency: its median service's deploy days per
 * week, on which its level is judged. Under one, the level depends on the
 * deployments per month instead, which a group's figures do not give: "<1
 * deploy day per week" rather than a "0" beside a Medium level.
 */
export function formatMedianDeployDays(
  perWeek: number,
  style: 'long' | 'short' = 'long',
): string {
  if (perWeek >= 1) return formatDeployDays(perWeek, style);
  return style === 'short' ? '<1 deploy day/week' : '<1 deploy day per week';
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

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The day of a date in the browser's time zone, as yyyy-mm-dd: how the
 * delivery pages (and their addresses) write every date, as no reader can
 * take it for another day, as 10/11 can be.
 */
export function formatDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )}`;
}

/** An instant with its date, time and time zone, for a tooltip: "2026-11-19 16:42:10 UTC". */
export function formatDateTimeWithZone(iso: string, timeZone?: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
      timeZone,
    })
      .formatToParts(new Date(iso))
      .map(part => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
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

/**
 * A window as its first and last calendar day in the browser's time zone,
 * both included: "2026-10-21 to 2026-11-19" (`to` itself is not in it).
 */
export function formatDateRange(
  from: string | Date,
  to: string | Date,
): string {
  const lastDay = new Date(new Date(to).getTime() - 1);
  return `${formatDay(new Date(from))} to ${formatDay(lastDay)}`;
}
