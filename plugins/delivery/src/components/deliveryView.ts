import {
  DEFAULT_REPORT_YEAR,
  DORA_REPORT_YEARS,
} from '@internal/plugin-delivery-common';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { DeliveryScope } from '../api';
import { useDeliveryEnvironments } from '../hooks';
import { useSearchParamsUpdate } from './searchParams';
import { DAY_MS, lastDays, windowEnd } from './window';

/** The backend answers at most 400 days at once. */
export const MAX_RANGE_DAYS = 400;

export const windowPresets = [7, 30, 90, 180, 365];

/** The preset windows as select options. */
export const windowOptions = windowPresets.map(days => ({
  label: `Last ${days} days`,
  value: days,
}));

/** The DORA reports whose levels can be chosen, newest first. */
export const reportYearOptions = [...DORA_REPORT_YEARS]
  .reverse()
  .map(year => ({ label: `DORA ${year}`, value: year }));

/** The report year of the URL's `year`, or the newest report's. */
export function parseReportYear(params: URLSearchParams): number {
  const year = Number(params.get('year'));
  return (DORA_REPORT_YEARS as readonly number[]).includes(year)
    ? year
    : DEFAULT_REPORT_YEAR;
}

/** What the Delivery tab shows, as its URL keeps it. */
export interface DeliveryView {
  /** a preset window in days, or 'custom' for `from`/`to` */
  window: number | 'custom';
  from: Date;
  to: Date;
  /** one environment instead of the production ones */
  environment?: string;
  reportYear: number;
  /** why a custom range in the URL was not used */
  rangeProblem?: string;
}

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day (yyyy-mm-dd) as the start of that day in the browser's time zone. */
function parseDay(value: string | null): Date | undefined {
  if (!value || !isoDay.test(value)) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(y, m - 1, d);
  return date.getMonth() === m - 1 ? date : undefined;
}

/**
 * Reads the view from URL parameters: `window` (days of a preset or
 * `custom`), `from` and `to` (days, `to` included), `env`, `year`. Anything
 * unusable falls back to the defaults, and a bad custom range says why.
 */
export function parseDeliveryView(
  params: URLSearchParams,
  defaults: { windowDays: number; environment?: string },
  now: Date,
): DeliveryView {
  const reportYear = parseReportYear(params);
  const environment = params.get('env') || defaults.environment;
  const preset = (days: number): DeliveryView => ({
    window: days,
    ...lastDays(days, now),
    environment,
    reportYear,
  });

  if (params.get('window') === 'custom') {
    const from = parseDay(params.get('from'));
    const lastDay = parseDay(params.get('to'));
    let rangeProblem: string | undefined;
    if (!from || !lastDay) {
      rangeProblem = 'Choose a first and a last day for the custom range.';
    } else if (lastDay < from) {
      rangeProblem = 'The last day of the range is before its first day.';
    } else if (lastDay.getTime() - from.getTime() >= MAX_RANGE_DAYS * DAY_MS) {
      rangeProblem = `A range may span at most ${MAX_RANGE_DAYS} days.`;
    }
    if (!rangeProblem) {
      const to = new Date(
        lastDay!.getFullYear(),
        lastDay!.getMonth(),
        lastDay!.getDate() + 1,
      );
      return {
        window: 'custom',
        from: from!,
        to: to > now ? windowEnd(now) : to,
        environment,
        reportYear,
      };
    }
    return { ...preset(defaults.windowDays), rangeProblem };
  }
  const days = Number(params.get('window'));
  return preset(windowPresets.includes(days) ? days : defaults.windowDays);
}

/** The Delivery tab's view, kept in the URL so that it can be shared and survives a reload. */
export function useDeliveryView(defaults: {
  windowDays: number;
  environment?: string;
}) {
  const [params] = useSearchParams();
  const update = useSearchParamsUpdate();
  const key = params.toString();
  const view = useMemo(
    () => parseDeliveryView(new URLSearchParams(key), defaults, new Date()),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, defaults.windowDays, defaults.environment],
  );
  return { view, update };
}

/**
 * A delivery view of one service or of a group: the choices kept in the URL,
 * the rows they select (`scope`), and the environments that can be chosen.
 */
export function useScopedDeliveryView<Base extends DeliveryScope>(
  base: Base,
  defaults: { windowDays: number; environment?: string },
) {
  const { view, update } = useDeliveryView(defaults);
  const baseKey = JSON.stringify(base);
  const scope = useMemo(
    () => ({
      ...base,
      environment: view.environment,
      from: view.from,
      to: view.to,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [baseKey, view.environment, view.from, view.to],
  );
  const environments = useDeliveryEnvironments(base);
  return { view, update, scope, environments };
}
