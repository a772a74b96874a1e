import { Knex } from 'knex';

/** What the sync reads from GitHub, each with its own cursor per repository. */
export const SYNC_RESOURCES = [
  'deployments',
  'workflowRuns',
  'pullRequests',
  'incidents',
] as const;
export type SyncResource = (typeof SYNC_RESOURCES)[number];

/** Where the sync of one resource of one repository stands. */
export interface SyncCursor {
  host: string;
  /** owner/repo, lower case */
  repository: string;
  resource: SyncResource;
  /** ETag of the first page at the last completed pass */
  etag?: string;
  /** ms; the items the list sorts before it are stored as they are */
  watermark?: number;
  /** ms; the backfill goes back to it */
  backfillSince?: number;
  /** the next page the backfill reads */
  backfillPage: number;
  /** pages the backfill reads in all, as far as known */
  backfillPagesTotal?: number;
  backfillComplete: boolean;
  lastSyncedAt?: number;
  /** readable, never a token */
  lastError?: string;
  lastErrorAt?: number;
}

/** The request budget GitHub reported last for a host. */
export interface RateLimit {
  host: string;
  remaining: number;
  limit: number;
  resetAt: number;
  updatedAt: number;
}

const CURSORS = 'delivery_sync_cursors';
const RATE_LIMITS = 'delivery_sync_rate_limits';

const optionalNumber = (v: unknown) =>
  v === null || v === undefined ? undefined : Number(v);
const optionalString = (v: unknown) =>
  v === null || v === undefined ? undefined : String(v);

function toCursor(row: Record<string, unknown>): SyncCursor {
  return {
    host: String(row.host),
    repository: String(row.repository),
    resource: row.resource as SyncResource,
    etag: optionalString(row.etag),
    watermark: optionalNumber(row.watermark),
    backfillSince: optionalNumber(row.backfill_since),
    backfillPage: Number(row.backfill_page),
    backfillPagesTotal: optionalNumber(row.backfill_pages_total),
    backfillComplete: Boolean(row.backfill_complete),
    lastSyncedAt: optionalNumber(row.last_synced_at),
    lastError: optionalString(row.last_error),
    lastErrorAt: optionalNumber(row.last_error_at),
  };
}

/** The sync's cursors and rate-limit budgets (tables of migration 20261204). */
export class SyncStateStore {
  constructor(private readonly db: Knex) {}

  /** The stored cursor, or a new one (nothing synced yet). */
  async cursor(
    host: string,
    repository: string,
    resource: SyncResource,
  ): Promise<SyncCursor> {
    const row = await this.db(CURSORS)
      .where({ host, repository, resource })
      .first();
    return row
      ? toCursor(row)
      : {
          host,
          repository,
          resource,
          backfillPage: 1,
          backfillComplete: false,
        };
  }

  private async upsert(
    table: string,
    key: string[],
    row: Record<string, unknown>,
  ): Promise<void> {
    await this.db(table).insert(row).onConflict(key).merge();
  }

  async saveCursor(c: SyncCursor): Promise<void> {
    await this.upsert(CURSORS, ['host', 'repository', 'resource'], {
      host: c.host,
      repository: c.repository,
      resource: c.resource,
      etag: c.etag ?? null,
      watermark: c.watermark ?? null,
      backfill_since: c.backfillSince ?? null,
      backfill_page: c.backfillPage,
      backfill_pages_total: c.backfillPagesTotal ?? null,
      backfill_complete: c.backfillComplete,
      last_synced_at: c.lastSyncedAt ?? null,
      last_error: c.lastError ?? null,
      last_error_at: c.lastErrorAt ?? null,
    });
  }

  /** Every cursor of these repositories (owner/repo, lower case). */
  async cursorsOf(repositories: string[]): Promise<SyncCursor[]> {
    if (!repositories.length) return [];
    const rows = await this.db(CURSORS)
      .whereIn('repository', repositories)
      .orderBy(['repository', 'resource']);
    return rows.map(toCursor);
  }

  async saveRateLimit(r: RateLimit): Promise<void> {
    await this.upsert(RATE_LIMITS, ['host'], {
      host: r.host,
      remaining: r.remaining,
      limit: r.limit,
      reset_at: r.resetAt,
      updated_at: r.updatedAt,
    });
  }

  async rateLimits(): Promise<RateLimit[]> {
    const rows = await this.db(RATE_LIMITS).orderBy('host');
    return rows.map(row => ({
      host: String(row.host),
      remaining: Number(row.remaining),
      limit: Number(row.limit),
      resetAt: Number(row.reset_at),
      updatedAt: Number(row.updated_at),
    }));
  }
}
