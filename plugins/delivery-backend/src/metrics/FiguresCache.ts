import { createHash } from 'crypto';
import { Knex } from 'knex';
import { INCIDENTS_REVISION, readRevision } from './revisions';
import { MetricScope } from './queries';

/** What figures are computed from: their cache key (every field counts). */
export interface FiguresRequest {
  scopes: MetricScope[];
  environment?: string;
  from: number;
  to: number;
  reportYear: number;
  minimumSampleSize: number;
  attributionWindowMs: number;
  timezone?: string;
}

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
 * share one computation. Least recently used entries go first once the
 * entries cover more than `maxServices` services.
 */
export class FiguresCache {
  private readonly entries = new Map<string, Entry>();
  private weight = 0;

  constructor(
    private readonly db: Knex,
    private readonly maxServices = 20_000,
  ) {}

  async get<T>(
    kind: string,
    request: FiguresRequest,
    compute: () => Promise<T>,
  ): Promise<T> {
    const key = cacheKey(kind, request);
    const revision = await readRevision(this.db, [
      ...request.scopes.map(s => s.repository),
      INCIDENTS_REVISION,
    ]);
    const hit = this.entries.get(key);
    if (hit && hit.revision === revision) {
      // most recently used last
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as Promise<T>;
    }
    const value = compute();
    this.put(key, { revision, value, weight: request.scopes.length });
    try {
      return await value;
    } catch (e) {
      if (this.entries.get(key)?.value === value) this.remove(key);
      throw e;
    }
  }

  private put(key: string, entry: Entry) {
    this.remove(key);
    this.entries.set(key, entry);
    this.weight += entry.weight;
    for (const oldest of this.entries.keys()) {
      if (this.weight <= this.maxServices || oldest === key) break;
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

const MINUTE_MS = 60_000;

/**
 * The end of a window that defaults to "now": the next whole minute, so
 * that the reads of one minute share cached figures. It is never before
 * now, so nothing recorded so far is left out.
 */
export const defaultWindowEnd = (now: number) =>
  Math.ceil(now / MINUTE_MS) * MINUTE_MS;
