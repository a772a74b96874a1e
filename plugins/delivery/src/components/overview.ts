import {
  DeploymentRow,
  Page,
  PipelineRunRow,
  UNDECIDED_RUN_CONCLUSIONS,
} from '@internal/plugin-delivery-common';

/** Rows a page of the API returns at most. */
export const MAX_PAGE_SIZE = 500;

/**
 * Reads every row page by page, up to `maxPages` pages; `complete` says
 * whether it got to the end.
 */
export async function readAllPages<T>(
  readPage: (page: { limit: number; offset: number }) => Promise<Page<T>>,
  options: { maxPages?: number } = {},
): Promise<{ items: T[]; totalCount: number; complete: boolean }> {
  const maxPages = options.maxPages ?? 10;
  const items: T[] = [];
  let totalCount = 0;
  for (let i = 0; i < maxPages; i++) {
    const page = await readPage({ limit: MAX_PAGE_SIZE, offset: items.length });
    items.push(...page.items);
    totalCount = page.totalCount;
    if (!page.items.length || items.length >= totalCount) {
      return { items, totalCount, complete: true };
    }
  }
  return { items, totalCount, complete: false };
}

/** The newest successful deployment of each environment in rows ordered newest first. */
export function latestSuccessfulPerEnvironment(
  rows: DeploymentRow[],
): DeploymentRow[] {
  const latest = new Map<string, DeploymentRow>();
  for (const row of rows) {
    if (row.status === 'success' && !latest.has(row.environment)) {
      latest.set(row.environment, row);
    }
  }
  return [...latest.values()];
}

const UNDECIDED_CONCLUSIONS = new Set(UNDECIDED_RUN_CONCLUSIONS);

export interface SuccessRate {
  succeeded: number;
  /** finished runs with a verdict: not running, cancelled or skipped */
  decided: number;
  /** succeeded / decided, null without decided runs */
  rate: number | null;
}

/** Share of finished pipeline runs that succeeded; running, cancelled and skipped runs do not count. */
export function pipelineSuccessRate(runs: PipelineRunRow[]): SuccessRate {
  const decided = runs.filter(
    r =>
      r.status === 'completed' &&
      r.conclusion !== null &&
      !UNDECIDED_CONCLUSIONS.has(r.conclusion),
  );
  const succeeded = decided.filter(r => r.conclusion === 'success').length;
  return {
    succeeded,
    decided: decided.length,
    rate: decided.length ? succeeded / decided.length : null,
  };
}
