import { InputError } from '@backstage/errors';
import { z } from 'zod';
import {
  ChangeEvent,
  commitEventSchema,
  pullRequestEventSchema,
} from './schemas';

export function formatZod(error: z.ZodError): string[] {
  return error.issues.map(
    i => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`,
  );
}

/** Parses a change with the schema its `type` names. */
export function parseChangeEvent(
  item: unknown,
): z.SafeParseReturnType<unknown, ChangeEvent> {
  const type = (item as any)?.type;
  if (type === 'commit') return commitEventSchema.safeParse(item);
  if (type === 'pull_request') return pullRequestEventSchema.safeParse(item);
  return z
    .object({ type: z.enum(['commit', 'pull_request']) })
    .safeParse(item) as z.SafeParseReturnType<unknown, never>;
}

/**
 * Validates every item; one invalid item rejects them all with an
 * `InputError` naming each failing item and field.
 */
export function validateItems<T>(
  items: unknown[],
  parseItem: (item: unknown) => z.SafeParseReturnType<unknown, T>,
): T[] {
  const valid: T[] = [];
  const failures: string[] = [];
  items.forEach((item, index) => {
    const parsed = parseItem(item);
    if (parsed.success) valid.push(parsed.data);
    else failures.push(`item ${index}: ${formatZod(parsed.error).join(', ')}`);
  });
  if (failures.length) {
    throw new InputError(
      `${failures.length} of ${
        items.length
      } items are invalid, nothing was stored. ${failures.join('; ')}`,
    );
  }
  return valid;
}
