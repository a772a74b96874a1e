import { Knex } from 'knex';

/**
 * Errors after which the whole transaction can simply run again: PostgreSQL's
 * deadlock_detected and serialization_failure, and SQLite's busy database
 * (another connection holds the write lock).
 */
const RETRYABLE_CODES = new Set([
  '40P01',
  '40001',
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
]);

export function isRetryableTransactionError(error: unknown): boolean {
  return RETRYABLE_CODES.has((error as { code?: unknown })?.code as string);
}

export interface RetryOptions {
  /** attempts in all, the first included */
  attempts: number;
  /** the first retry waits up to this long; each further retry doubles it */
  baseDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_RETRY: RetryOptions = {
  attempts: 8,
  baseDelayMs: 20,
  maxDelayMs: 1_000,
};

/**
 * Runs `work` in a transaction, and runs it again in a new transaction after
 * a deadlock, a serialization failure or a busy SQLite database, waiting a
 * random time ("full jitter") that grows with each attempt so that the
 * writers that collided do not collide again.
 */
export async function transactionWithRetry<T>(
  db: Knex,
  work: (trx: Knex.Transaction) => Promise<T>,
  options: Partial<RetryOptions> = {},
): Promise<T> {
  const { attempts, baseDelayMs, maxDelayMs } = {
    ...DEFAULT_RETRY,
    ...options,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (attempt >= attempts || !isRetryableTransactionError(error)) {
        throw error;
      }
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      await new Promise(resolve =>
        setTimeout(resolve, Math.random() * ceiling),
      );
    }
  }
}
