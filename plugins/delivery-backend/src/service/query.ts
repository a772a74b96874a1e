import { InputError } from '@backstage/errors';
import { Request } from 'express';
import { z } from 'zod/v4';
import { isoDateTime, text } from './fields';
import { formatZod } from './validation';

/** A whole number written in plain digits (not `1e20` or `0x10`) in min..max. */
export const queryInt = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d{1,10}$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message));
};

/** The request's query parsed by `schema`; an InputError (400) naming each invalid field otherwise. */
export function parseQuery<T extends z.ZodTypeAny>(
  schema: T,
  req: Request,
): z.infer<T> {
  const parsed = schema.safeParse(req.query);
  if (!parsed.success) {
    throw new InputError(
      `Invalid query: ${formatZod(parsed.error).join('; ')}`,
    );
  }
  return parsed.data;
}

/** Whose rows: one entity or a group's services, over an optional window. */
export const scopeQuery = z.object({
  entityRef: text(255).min(1).optional(),
  group: text(255).min(1).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});
export type ScopeQuery = z.infer<typeof scopeQuery>;

/** A page of at most 500 rows. */
export const pageParams = {
  limit: queryInt(1, 500).default(50),
  offset: queryInt(0, 2_147_483_647).default(0),
};
