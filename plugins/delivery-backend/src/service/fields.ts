import { z } from 'zod';

/** PostgreSQL text cannot hold U+0000, so no stored string may contain it. */
// eslint-disable-next-line no-control-regex -- NUL is the character refused
const NO_NUL = /^[^\u0000]*$/;

/** A string of at most `max` characters that any database can store. */
export const text = (max: number) =>
  z.string().max(max).regex(NO_NUL, 'must not contain NUL characters');

/** A PostgreSQL `integer` (32 bits) above zero. */
export const positiveInt32 = z.number().int().positive().max(2_147_483_647);

/** A pipeline run's attempt: GitHub allows at most 50, other CIs a few more. */
export const runAttempt = z.number().int().positive().max(1000);

const EARLIEST = Date.parse('2000-01-01T00:00:00Z');
const LATEST = Date.parse('2100-01-01T00:00:00Z');

/**
 * An ISO 8601 date-time with an offset that is a real instant in 2000..2099:
 * zod's format check alone accepts offsets such as `+99:99`, which parse to
 * NaN.
 */
export const isoDateTime = z
  .string()
  .max(64)
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time' })
  .refine(s => {
    const t = Date.parse(s);
    return t >= EARLIEST && t < LATEST;
  }, 'must be an instant from the year 2000 to 2099');

/** A link for people to follow: http or https only. */
export const httpUrl = text(2048)
  .url()
  .regex(/^https?:\/\//i, 'must be an http or https URL');
