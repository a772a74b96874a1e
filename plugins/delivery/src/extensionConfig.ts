/**
 * Config fields of the plugin's new-frontend-system extensions, as Standard
 * Schemas with a JSON Schema (what `configSchema` of `makeWithOverrides`
 * takes), so the cards' props can be set in app-config under
 * `app.extensions`, e.g. `- entity-card:delivery/overview: { config: { windowDays: 7 } }`.
 */

type Validated<T> = { value: T } | { issues: Array<{ message: string }> };

/** A Standard Schema (with its JSON Schema) of an optional value of type T. */
interface OptionalField<T> {
  '~standard': {
    version: 1;
    vendor: string;
    validate(value: unknown): Validated<T | undefined>;
    jsonSchema: { input(): object; output(): object };
    /** what the schema accepts and gives, for type inference only */
    types?: { input: T | undefined; output: T | undefined };
  };
}

function optionalField<T>(
  jsonSchema: object,
  check: (value: unknown) => value is T,
  expected: string,
): OptionalField<T> {
  return {
    '~standard': {
      version: 1,
      vendor: 'launchpad',
      validate(value: unknown): Validated<T | undefined> {
        if (value === undefined || check(value)) return { value };
        return { issues: [{ message: `must be ${expected}` }] };
      },
      jsonSchema: {
        input: () => jsonSchema,
        output: () => jsonSchema,
      },
    },
  };
}

/** An optional whole number from `min` to `max`. */
export function optionalWholeNumber(min: number, max: number) {
  return optionalField<number>(
    { type: 'integer', minimum: min, maximum: max },
    (v): v is number =>
      typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max,
    `a whole number from ${min} to ${max}`,
  );
}

/** An optional InfoCard variant. */
export const optionalCardVariant = (() => {
  const variants = ['flex', 'fullHeight', 'gridItem'] as const;
  return optionalField<(typeof variants)[number]>(
    { type: 'string', enum: variants },
    (v): v is (typeof variants)[number] =>
      (variants as readonly unknown[]).includes(v),
    `one of ${variants.join(', ')}`,
  );
})();
