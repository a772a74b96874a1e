import { createHash } from 'crypto';
import {
  INCIDENTS_REVISION,
  ReadRevisions,
  RevisionReader,
} from '../database/revisions';
import { SharedFigures } from '../database/SharedFigures';
import { MetricScope } from './queries';

/** What figures are computed from: their cache key (every field counts). */
export interface FiguresRequest {
  scopes: MetricScope[];
  environment?: string;
  from: number;
  to: number;
  /** absent for what does not depend on it (a service's rows) */
  reportYear?: number;
  /** absent for what does not depend on it (a service's rows) */
  minimumSampleSize?: number;
  attributionWindowMs: number;
  timezone?: string;
}

/** Figures a reader is expected to want next; see `FiguresCache`. */
export interface NextFigures {
  request: FiguresRequest;
  /** when they are no longer worth computing (epoch ms) */
  expires: number;
  compute: () => Promise<unknown>;
}

/** services the kept figures cover, at most (see `FiguresCache`) */
const MAX_SERVICES = 20_000;
/** figures waiting to be prefetched, at most */
const MAX_QUEUED = 10_000;
/** prefetched figures computed at once (see `drain`) */
const PREFETCH_BATCH = 250;

interface Entry {
  revision: number;
  value: Promise<unknown>;
  /** services the figures cover, a proxy for their size */
  weight: number;
}

/**
 * Computed figures, kept while the metrics revisions of their repositories
 * (and of the incidents) are unchanged: a hit costs one small query, and a
 * write through any backend replica raises the revisions in its own
 * transaction, so no replica serves figures older than the database. The
 * revision is read before computing, so figures are never kept under a
 * revision older than their data. Concurrent requests for the same figures
 * share one computation, and the revisions of concurrent requests are read
 * in one statement. Least recently used entries go first once the entries
 * cover more than `MAX_SERVICES` services.
 *
 * A hit may name the figures its reader will want next (`next`: the next
 * minute's window of figures read now, see `defaultWindowEnd`): they are
 * computed in the background, one at a time, so that the reads after a
 * whole minute find them instead of all computing at once. Only figures
 * read again (a hit) have their successor computed: figures read once are
 * no reason to compute more.
 *
 * `getMany` keeps many figures (each service's of a group) as separate
 * entries, so that a group read after a write recomputes only the services
 * of the repositories written.
 *
 * With `shared`, figures one replica computed ahead (`share`) are read from
 * the database instead of computed, by every replica and by the next process
 * after a restart, while their revision is current.
 */
export class FiguresCache {
  private readonly entries = new Map<string, Entry>();
  private weight = 0;
  private readonly revisions: RevisionReader;
  private readonly queue = new Map<string, () => Promise<unknown>>();
  private prefetching = false;

  constructor(
    readRevisions: ReadRevisions,
    private readonly shared?: SharedFigures,
  ) {
    this.revisions = new RevisionReader(readRevisions);
  }

  private revisionOf(request: FiguresRequest) {
    return this.revisions.read([
      ...request.scopes.map(s => s.repository),
      INCIDENTS_REVISION,
    ]);
  }

  async get<T>(
    kind: string,
    request: FiguresRequest,
    compute: () => Promise<T>,
    next?: NextFigures,
  ): Promise<T> {
    const key = cacheKey(kind, request);
    const revision = await this.revisionOf(request);
    const hit = this.current(key, revision);
    if (hit) {
      if (next) this.prefetch(kind, next);
      return hit as Promise<T>;
    }
    return this.computeAt(key, revision, request, compute);
  }

  /**
   * `get`, and the figures kept in `shared` for every replica and the next
   * process, unless they are kept there already: for figures computed ahead
   * of their readers, which are read by whichever replica serves them.
   */
  async share<T>(
    kind: string,
    request: FiguresRequest,
    compute: () => Promise<T>,
  ): Promise<void> {
    const { shared } = this;
    const key = cacheKey(kind, request);
    const revision = await this.revisionOf(request);
    const figures = await (this.current(key, revision) ??
      this.computeAt(key, revision, request, compute));
    if (shared && !(await shared.has(key, revision))) {
      await shared.write(key, revision, request.to, figures);
    }
  }

  /** Keeps and returns the figures of `key` at `revision`: shared ones if kept, else computed. */
  private async computeAt<T>(
    key: string,
    revision: number,
    request: FiguresRequest,
    compute: () => Promise<T>,
  ): Promise<T> {
    const { shared } = this;
    const value = shared
      ? shared
          .read(key, revision)
          .then(kept => (kept === undefined ? compute() : (kept as T)))
      : compute();
    this.put(key, { revision, value, weight: request.scopes.length });
    try {
      return await value;
    } catch (e) {
      this.forget(key, value);
      throw e;
    }
  }

  /**
   * `get` for many requests at once: their revisions are read together, and
   * `compute` receives the indices of the requests with no current entry,
   * to compute them together (one result per index, in order). Each result
   * is kept as an entry of its own.
   */
  async getMany<T>(
    kind: string,
    requests: FiguresRequest[],
    compute: (missing: number[]) => Promise<T[]>,
  ): Promise<T[]> {
    const revisions = await Promise.all(requests.map(r => this.revisionOf(r)));
    const values: Promise<T>[] = [];
    const missing: Array<{ index: number; key: string }> = [];
    requests.forEach((request, index) => {
      const key = cacheKey(kind, request);
      const hit = this.current(key, revisions[index]);
      if (hit) values[index] = hit as Promise<T>;
      else missing.push({ index, key });
    });
    if (missing.length) {
      const computed = compute(missing.map(m => m.index));
      for (const [j, { index, key }] of missing.entries()) {
        values[index] = computed.then(all => all[j]);
        this.put(key, {
          revision: revisions[index],
          value: values[index],
          weight: requests[index].scopes.length,
        });
      }
      computed.catch(() => {
        for (const { index, key } of missing) this.forget(key, values[index]);
      });
    }
    return Promise.all(values);
  }

  /**
   * Queues the figures of `request` to be computed in the background, unless
   * they are cached or queued already: `get` then finds them, still checked
   * against the revisions of their repositories. Figures still waiting at
   * `expires` (epoch ms) are dropped; at most `MAX_QUEUED` wait; a failure
   * only leaves them to be computed when asked for.
   */
  private prefetch(kind: string, { request, expires, compute }: NextFigures) {
    const key = cacheKey(kind, request);
    if (this.entries.has(key) || this.queue.has(key)) return;
    if (this.queue.size >= MAX_QUEUED) return;
    this.queue.set(key, async () => {
      if (this.entries.has(key) || Date.now() >= expires) return;
      const revision = await this.revisionOf(request);
      await this.computeAt(key, revision, request, compute).catch(
        () => undefined,
      );
    });
    if (!this.prefetching) void this.drain();
  }

  /**
   * Computes the queued figures, `PREFETCH_BATCH` at a time: started in one
   * turn of the event loop, figures of several services are computed
   * together (see `DeliveryMetrics`).
   */
  private async drain() {
    this.prefetching = true;
    try {
      while (this.queue.size) {
        const runs = [...this.queue].slice(0, PREFETCH_BATCH);
        for (const [key] of runs) this.queue.delete(key);
        await Promise.all(runs.map(([, run]) => run().catch(() => undefined)));
      }
    } finally {
      this.prefetching = false;
    }
  }

  /** The value kept under `key` at `revision`, now the most recently used; none when stale or missing. */
  private current(key: string, revision: number): Promise<unknown> | undefined {
    const hit = this.entries.get(key);
    if (!hit || hit.revision !== revision) return undefined;
    // most recently used last
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value;
  }

  /** Drops the entry of a failed computation, unless a newer one replaced it. */
  private forget(key: string, value: Promise<unknown>) {
    if (this.entries.get(key)?.value === value) this.remove(key);
  }

  private put(key: string, entry: Entry) {
    this.remove(key);
    this.entries.set(key, entry);
    this.weight += entry.weight;
    for (const oldest of this.entries.keys()) {
      if (this.weight <= MAX_SERVICES || oldest === key) break;
      this.remove(oldest);
    }
  }

  private remove(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.weight -= entry.weight;
  }
}

function cacheKey(kind: string, r: FiguresRequest): string {
  const scopes = r.scopes.map(s => [
    s.entityRef,
    s.repository,
    s.path ?? null,
    s.workflows,
    s.productionEnvironments,
    s.timezone ?? null,
    s.invalidTimezone ?? null,
  ]);
  return createHash('sha256')
    .update(
      JSON.stringify([
        kind,
        scopes,
        r.environment ?? null,
        r.from,
        r.to,
        r.reportYear,
        r.minimumSampleSize,
        r.attributionWindowMs,
        r.timezone ?? null,
      ]),
    )
    .digest('base64');
}

export const MINUTE_MS = 60_000;

/**
 * The end of a window that defaults to "now": the next whole minute, so
 * that the reads of one minute share cached figures. It is never before
 * now, so nothing recorded so far is left out.
 */
export const defaultWindowEnd = (now: number) =>
  Math.ceil(now / MINUTE_MS) * MINUTE_MS;
