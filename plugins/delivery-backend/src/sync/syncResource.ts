import { LoggerService } from '@backstage/backend-plugin-api';
import { DeliveryStore } from '../database/DeliveryStore';
import { storeDeliveries } from '../github/ingest';
import { PER_PAGE, RepositoryContext, ResourceSpec } from './resources';
import { SyncCursor, SyncStateStore } from './SyncStateStore';

const DAY_MS = 86_400_000;

export interface SyncResourceOptions {
  store: DeliveryStore;
  state: SyncStateStore;
  logger: LoggerService;
  /** how far back a newly seen repository is read */
  backfillDays: number;
  /** stops between pages; the cursor keeps what is done */
  signal?: AbortSignal;
}

interface Page {
  items: any[];
  etag?: string;
  nextPage?: number;
  lastPage?: number;
  openSince?: number;
}

/**
 * Syncs one resource of one repository:
 *
 * - once the repository has a watermark, a head pass reads the list from
 *   its first page, conditionally (`If-None-Match`: an unchanged list
 *   answers 304, which GitHub does not count), and stops at the page that
 *   reaches below the watermark;
 * - a newly seen repository is backfilled for `backfillDays`, newest first,
 *   one page at a time; the cursor records each page done, so that a sync
 *   killed halfway resumes at the next page (pages shift only towards the
 *   end when new items arrive, so nothing is skipped; an item read twice is
 *   stored once, by its natural key).
 *
 * The watermark is the newest item's time, or the time of an older item
 * that is still running (its changes do not move it to the top of a list
 * sorted by creation). The ETag is kept only when every running item is on
 * the first page, whose ETag changes with them.
 */
export async function syncResource(
  spec: ResourceSpec,
  ctx: RepositoryContext,
  options: SyncResourceOptions,
): Promise<void> {
  const { state, signal } = options;
  const repository = `${ctx.owner}/${ctx.repo}`.toLowerCase();
  const cursor = await state.cursor(ctx.client.host, repository, spec.resource);
  const now = Date.now();
  try {
    if (cursor.watermark !== undefined) {
      await headPass(spec, ctx, cursor, options);
    } else if (cursor.backfillSince === undefined) {
      cursor.backfillSince = now - options.backfillDays * DAY_MS;
      cursor.backfillPage = 1;
    }
    while (!cursor.backfillComplete) {
      signal?.throwIfAborted();
      await backfillStep(spec, ctx, cursor, options);
      await state.saveCursor(cursor);
    }
    cursor.lastSyncedAt = now;
    cursor.lastError = undefined;
    cursor.lastErrorAt = undefined;
    await state.saveCursor(cursor);
  } catch (e) {
    if (!signal?.aborted) {
      cursor.lastError = (e as Error).message;
      cursor.lastErrorAt = Date.now();
      await state.saveCursor(cursor);
    }
    throw e;
  }
}

async function readPage(
  spec: ResourceSpec,
  ctx: RepositoryContext,
  since: number,
  page: number,
  etag: string | undefined,
  signal: AbortSignal | undefined,
): Promise<Page | undefined> {
  signal?.throwIfAborted();
  const result = await ctx.client.get(
    spec.route,
    {
      owner: ctx.owner,
      repo: ctx.repo,
      ...spec.params(ctx, since),
      per_page: PER_PAGE,
      page,
    },
    etag,
  );
  if (result.notModified) return undefined;
  return { ...result, items: spec.items(result.data) };
}

/** GitHub's clock and ours may differ: a change this much before the last sync still counts as new. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Stores the items at or after `since`, and those that changed after
 * `changedSince`; returns the oldest still running.
 */
async function ingest(
  spec: ResourceSpec,
  ctx: RepositoryContext,
  items: any[],
  since: number,
  options: SyncResourceOptions,
  changedSince?: number,
): Promise<number | undefined> {
  const fresh = items.filter(
    i =>
      spec.sortTime(i) >= since ||
      (changedSince !== undefined &&
        spec.changedAt !== undefined &&
        spec.changedAt(i) >= changedSince),
  );
  if (!fresh.length) return undefined;
  const { deliveries, openSince } = await spec.toDeliveries(fresh, ctx);
  await storeDeliveries(
    options.store,
    options.logger,
    `GitHub sync of ${ctx.owner}/${ctx.repo}`,
    deliveries,
  );
  return openSince;
}

const oldestOf = (spec: ResourceSpec, items: any[]) =>
  items.length ? spec.sortTime(items[items.length - 1]) : undefined;

/** The first page sets the watermark and ETag; later pages may only lower it and drop the ETag. */
function noteWatermark(
  spec: ResourceSpec,
  cursor: SyncCursor,
  page: number,
  result: Page,
  openSince: number | undefined,
) {
  if (page === 1) {
    const newest = result.items.length
      ? spec.sortTime(result.items[0])
      : cursor.watermark ?? cursor.backfillSince ?? 0;
    cursor.watermark = Math.min(newest, openSince ?? newest);
    cursor.etag = result.etag;
  } else if (openSince !== undefined) {
    cursor.watermark = Math.min(cursor.watermark ?? openSince, openSince);
    cursor.etag = undefined;
  }
}

async function headPass(
  spec: ResourceSpec,
  ctx: RepositoryContext,
  cursor: SyncCursor,
  options: SyncResourceOptions,
): Promise<void> {
  const since = cursor.watermark!;
  const next: SyncCursor = { ...cursor };
  let page: number | undefined = 1;
  while (page) {
    const result = await readPage(
      spec,
      ctx,
      since,
      page,
      page === 1 ? cursor.etag : undefined,
      options.signal,
    );
    if (!result) return;
    const openSince = await ingest(
      spec,
      ctx,
      result.items,
      since,
      options,
      cursor.lastSyncedAt === undefined
        ? undefined
        : cursor.lastSyncedAt - CLOCK_SKEW_MS,
    );
    noteWatermark(spec, next, page, result, openSince);
    const oldest = oldestOf(spec, result.items);
    page = oldest === undefined || oldest < since ? undefined : result.nextPage;
  }
  cursor.watermark = next.watermark;
  cursor.etag = next.etag;
}

async function backfillStep(
  spec: ResourceSpec,
  ctx: RepositoryContext,
  cursor: SyncCursor,
  options: SyncResourceOptions,
): Promise<void> {
  const since = cursor.backfillSince!;
  const page = cursor.backfillPage;
  const result = (await readPage(
    spec,
    ctx,
    since,
    page,
    undefined,
    options.signal,
  ))!;
  const openSince = await ingest(spec, ctx, result.items, since, options);
  if (page === 1 || openSince !== undefined) {
    noteWatermark(spec, cursor, page, result, openSince);
  }
  const oldest = oldestOf(spec, result.items);
  const done = !result.nextPage || oldest === undefined || oldest < since;
  cursor.backfillPage = page + 1;
  cursor.backfillComplete = done;
  cursor.backfillPagesTotal = done
    ? page
    : estimatePages(page, result.lastPage, cursor.watermark, oldest!, since);
}

/**
 * Pages the backfill reads in all: the last page GitHub names, or fewer
 * when the items' times say the backfill period ends earlier.
 */
function estimatePages(
  page: number,
  lastPage: number | undefined,
  newest: number | undefined,
  oldest: number,
  since: number,
): number {
  const span = (newest ?? oldest) - oldest;
  const estimate =
    span > 0 ? Math.ceil((page * ((newest ?? oldest) - since)) / span) : page;
  return Math.max(page + 1, Math.min(lastPage ?? estimate, estimate));
}
