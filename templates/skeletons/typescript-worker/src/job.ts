import type { Logger } from './logger.ts';

/**
 * One run of the worker's job: replace the body with the real work (read a
 * queue, reconcile a table, send a report). Throwing marks the run failed;
 * the next run starts on the next tick.
 */
export async function runJob(log: Logger): Promise<void> {
  log.info('job ran', { processed: 0 });
}
