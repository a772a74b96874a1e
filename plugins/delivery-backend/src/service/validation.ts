import { InputError } from '@backstage/errors';
import { z } from 'zod/v4';
import { PayloadTooLargeError } from './requestBody';
import {
  ChangeEvent,
  commitEventSchema,
  pullRequestEventSchema,
} from './schemas';

/** Issues quote what was received (an enum value, an unknown key): keep them short. */
const MAX_ISSUE_LENGTH = 200;
/** Items, and issues of one item, that an answer lists; it counts the rest. */
const MAX_LISTED = 10;

const truncate = (s: string) =>
  s.length > MAX_ISSUE_LENGTH ? `${s.slice(0, MAX_ISSUE_LENGTH)}…` : s;

/** The first `MAX_LISTED` of `lines`, and how many more there are. */
function listed(lines: string[]): string[] {
  const more = lines.length - MAX_LISTED;
  return more > 0 ? [...lines.slice(0, MAX_LISTED), `and ${more} more`] : lines;
}

type Issue = z.ZodError['issues'][number];

/**
 * A union's issue as the issues of the one option the value's type matched
 * (a number too large for a number-or-string field, say), which say more
 * than that no option did.
 */
function matchedOption(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union') return [issue];
  const matched = issue.errors.filter(option =>
    option.some(i => i.code !== 'invalid_type'),
  );
  if (matched.length !== 1) return [issue];
  return matched[0].flatMap(i =>
    matchedOption({ ...i, path: [...issue.path, ...i.path] } as Issue),
  );
}

/** Zod's issues as `field: problem` lines. */
export function formatZod(error: z.ZodError): string[] {
  return listed(
    error.issues
      .flatMap(matchedOption)
      .map(i =>
        truncate(
          `${i.path.length ? `${i.path.map(String).join('.')}: ` : ''}${
            i.message
          }`,
        ),
      ),
  );
}

/** Parses a change with the schema its `type` names. */
export function parseChangeEvent(
  item: unknown,
): z.ZodSafeParseResult<ChangeEvent> {
  const type = (item as any)?.type;
  if (type === 'commit') return commitEventSchema.safeParse(item);
  if (type === 'pull_request') return pullRequestEventSchema.safeParse(item);
  return z
    .object({ type: z.enum(['commit', 'pull_request']) })
    .safeParse(item) as z.ZodSafeParseResult<never>;
}

/**
 * The items of an events-API body: one event, an array of events or
 * `{ "items": [...] }`, at most `maxBatchSize` of them.
 */
export function batchItems(body: unknown, maxBatchSize: number): unknown[] {
  let items: unknown[];
  if (Array.isArray(body)) items = body;
  else if (
    body &&
    typeof body === 'object' &&
    Array.isArray((body as any).items)
  ) {
    items = (body as any).items;
  } else if (body && typeof body === 'object' && Object.keys(body).length) {
    items = [body];
  } else {
    throw new InputError(
      'Request body must be an event, an array of events or { "items": [...] }',
    );
  }
  if (items.length === 0) throw new InputError('The batch is empty');
  if (items.length > maxBatchSize) {
    throw new PayloadTooLargeError(
      `The batch has ${items.length} items; delivery.events.maxBatchSize allows at most ${maxBatchSize} per request`,
    );
  }
  return items;
}

/**
 * Validates every item; one invalid item rejects them all with an
 * `InputError` naming the failing items and fields.
 */
export function validateItems<T>(
  items: unknown[],
  parseItem: (item: unknown) => z.ZodSafeParseResult<T>,
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
      } items are invalid, nothing was stored. ${listed(failures).join('; ')}`,
    );
  }
  return valid;
}
