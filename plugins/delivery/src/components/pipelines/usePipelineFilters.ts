import {
  PIPELINE_RUN_STATES,
  PipelineRunState,
} from '@internal/plugin-delivery-common';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

export const WINDOW_DAYS_OPTIONS = [7, 30, 90];
export const PAGE_SIZE_OPTIONS = [20, 50, 100];

export interface PipelineFilters {
  workflow?: string;
  branch?: string;
  status?: PipelineRunState;
  /** window in days, one of WINDOW_DAYS_OPTIONS */
  days: number;
  /** 0-based page */
  page: number;
  pageSize: number;
}

const oneOf = (value: string | null, options: number[], fallback: number) => {
  const n = Number(value);
  return options.includes(n) ? n : fallback;
};

/** Reads the filters from the URL query, ignoring values that are not allowed. */
export function parseFilters(params: URLSearchParams): PipelineFilters {
  const status = params.get('status');
  const page = Number(params.get('page'));
  return {
    workflow: params.get('workflow') || undefined,
    branch: params.get('branch') || undefined,
    status: PIPELINE_RUN_STATES.includes(status as PipelineRunState)
      ? (status as PipelineRunState)
      : undefined,
    days: oneOf(params.get('days'), WINDOW_DAYS_OPTIONS, 30),
    // the URL counts pages from 1
    page: Number.isInteger(page) && page > 1 ? page - 1 : 0,
    pageSize: oneOf(
      params.get('rows'),
      PAGE_SIZE_OPTIONS,
      PAGE_SIZE_OPTIONS[0],
    ),
  };
}

/**
 * The runs list's filters and page, kept in the URL query so that a link
 * or a reload shows the same runs. Changing a filter goes back to page 1.
 */
export function usePipelineFilters(): [
  PipelineFilters,
  (change: Partial<PipelineFilters>) => void,
] {
  const [params, setParams] = useSearchParams();
  const filters = parseFilters(params);
  const update = useCallback(
    (change: Partial<PipelineFilters>) =>
      setParams(
        previous => {
          const next = new URLSearchParams(previous);
          const set = (key: string, value: string | undefined) =>
            value ? next.set(key, value) : next.delete(key);
          for (const [key, value] of Object.entries(change)) {
            if (key === 'page')
              set('page', value ? String(Number(value) + 1) : undefined);
            else if (key === 'pageSize') set('rows', String(value));
            else set(key, value === undefined ? undefined : String(value));
          }
          if (!('page' in change)) next.delete('page');
          return next;
        },
        { replace: false },
      ),
    [setParams],
  );
  return [filters, update];
}
