import { z } from 'zod/v3';

/** A rule a value must follow, stated in words a template author understands. */
export type Rule = { holds: (value: string) => boolean; message: string };

/** Length in characters as people count them (code points, not UTF-16 units). */
export const characterCount = (value: string) => [...value].length;

export const lengthBetween = (min: number, max: number): Rule => ({
  holds: v => characterCount(v) >= min && characterCount(v) <= max,
  message: `must be ${min} to ${max} characters`,
});

/** The message of the first rule the value breaks, if any. */
export function brokenRule(rules: Rule[], value: string): string | undefined {
  return rules.find(rule => !rule.holds(value))?.message;
}

/**
 * A zod superRefine callback that reports the first broken rule. Only the
 * first: a name of 300 invalid characters needs one fix at a time, not five.
 */
export const followsRules =
  (rules: Rule[], subject?: string) =>
  (value: string, ctx: z.RefinementCtx) => {
    const message = brokenRule(rules, value);
    if (message) {
      ctx.addIssue({
        code: 'custom',
        message: subject ? `${subject} ${message}` : message,
      });
    }
  };
