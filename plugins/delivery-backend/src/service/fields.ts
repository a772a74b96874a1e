import { z } from 'zod/v4';

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
 * What zod's `datetime({ offset: true })` accepts (a real calendar date, a
 * time with optional seconds and fraction, `Z` or an offset), compiled once:
 * zod compiles its expression again at every check (3% of the backend's CPU
 * time in a profile of the events API under load).
 */
const ISO_DATE_TIME = new RegExp(
  [
    '^(',
    // 29 February of a leap year, or any other day of a month that has it
    '(\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29',
    '|\\d{4}-((0[13578]|1[02])-(0[1-9]|[12]\\d|3[01])|(0[469]|11)-(0[1-9]|[12]\\d|30)|(02)-(0[1-9]|1\\d|2[0-8]))',
    ')T([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d+)?)?(Z|([+-]\\d{2}:?\\d{2}))$',
  ].join(''),
);

/**
 * An ISO 8601 date-time with an offset that is a real instant in 2000..2099:
 * the format alone accepts offsets such as `+99:99`, which parse to NaN.
 */
export const isoDateTime = z
  .string()
  .max(64)
  .regex(ISO_DATE_TIME, 'must be an ISO 8601 date-time')
  .refine(s => {
    const t = Date.parse(s);
    return t >= EARLIEST && t < LATEST;
  }, 'must be an instant from the year 2000 to 2099');

/** A link for people to follow: http or https only. */
export const httpUrl = text(2048)
  .url()
  .regex(/^https?:\/\//i, 'must be an http or https URL');
