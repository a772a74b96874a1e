import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

/**
 * Validates an action input with the action's own zod schema, before any side
 * effect. The scaffolder validates the JSON schema derived from the same zod
 * definition, but refinements (cross-field rules, custom checks) only run here.
 *
 * The thrown error names every offending field. Values are not echoed back
 * (a rejected input may be a secret), so enum errors list the allowed values
 * instead of zod's default message, which repeats the received one.
 */
export function parseActionInput<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) {
    return result.data;
  }
  const problems = result.error.issues.map(issue => {
    const field = issue.path.length ? issue.path.join('.') : '(input)';
    const message =
      issue.code === 'invalid_enum_value'
        ? `expected one of ${issue.options.map(o => `'${o}'`).join(', ')}`
        : issue.message;
    return `${field}: ${message}`;
  });
  throw new InputError(`Invalid input: ${problems.join('; ')}`);
}
