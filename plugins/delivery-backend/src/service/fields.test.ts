import fc from 'fast-check';
// the reference is zod 3's check: zod 4's refuses offsets without a colon
// (-0530), which events send and the field accepts
import { z } from 'zod';
import { isoDateTime } from './fields';

const zodDateTime = z.string().datetime({ offset: true });
const accepts = (schema: z.ZodTypeAny, value: string) =>
  schema.safeParse(value).success;

const digits = (n: number) =>
  fc.stringMatching(new RegExp(`^\\d{${n}}$`)).map(s => s.slice(0, n));

/** Date-times as events send them, and near misses of every part. */
const dateTimeLike = fc
  .record({
    year: fc.constantFrom('2000', '2024', '2026', '2099', '2100', '1999'),
    month: fc.oneof(digits(2), fc.constantFrom('02', '1', '13')),
    day: fc.oneof(digits(2), fc.constantFrom('29', '30', '31', '00')),
    separator: fc.constantFrom('T', 't', ' '),
    time: fc.oneof(
      fc.tuple(digits(2), digits(2)).map(([h, m]) => `${h}:${m}`),
      fc
        .tuple(digits(2), digits(2), digits(2))
        .map(([h, m, s]) => `${h}:${m}:${s}`),
    ),
    fraction: fc.constantFrom('', '.1', '.123', '.123456789', '.'),
    zone: fc.constantFrom('Z', 'z', '', '+02:00', '-0530', '+99:99', '+1'),
  })
  .map(
    p =>
      `${p.year}-${p.month}-${p.day}${p.separator}${p.time}${p.fraction}${p.zone}`,
  );

describe('isoDateTime', () => {
  it('accepts the date-times zod’s datetime check with offsets accepts, within 2000 to 2099', () => {
    fc.assert(
      fc.property(dateTimeLike, value => {
        const instant = Date.parse(value);
        const inRange =
          instant >= Date.parse('2000-01-01T00:00:00Z') &&
          instant < Date.parse('2100-01-01T00:00:00Z');
        expect(isoDateTime.safeParse(value).success).toBe(
          accepts(zodDateTime, value) && inRange,
        );
      }),
      { numRuns: Number(process.env.FC_NUM_RUNS) || 2000 },
    );
  });

  it.each([
    ['2024-02-29T12:00:00Z', true],
    ['2026-02-29T12:00:00Z', false],
    ['2026-11-23T08:15:30.123+01:00', true],
    ['2026-11-23T08:15+0100', true],
    ['2026-11-23T24:00:00Z', false],
    ['2026-11-23T08:15:30', false],
    ['2026-11-23T08:15:30+99:99', false],
    ['2100-01-01T00:00:00Z', false],
  ])('%s: accepted %s', (value, accepted) => {
    expect(isoDateTime.safeParse(value).success).toBe(accepted);
  });
});
