import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * The task-log line of a step skipped by configuration: what was skipped,
 * why, and what creates it later, so nobody wonders whether it was forgotten.
 */
export function logSkipped(
  logger: LoggerService,
  what: string,
  why: string,
  later: string,
) {
  logger.info(
    `Skipped: ${what}, because ${why}. Nothing was created; ${later} create it later.`,
  );
}
