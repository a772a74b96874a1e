import { localDay, offsetAt, offsetSegments } from './timezone';

describe('time zone offsets', () => {
  const from = Date.parse('2026-03-01T00:00:00Z');
  const to = Date.parse('2026-04-15T00:00:00Z');

  it('gives UTC, which skips Intl, the answers Intl gives for Etc/UTC', () => {
    expect(offsetSegments('UTC', from, to)).toEqual(
      offsetSegments('Etc/UTC', from, to),
    );
    expect(offsetSegments('UTC', from, to)).toEqual([
      { start: from, end: to, offsetMs: 0 },
    ]);
    for (const t of [from, from + 12_345_678, to - 1]) {
      expect(offsetAt('UTC', t)).toBe(offsetAt('Etc/UTC', t));
      expect(localDay('UTC', t)).toBe(localDay('Etc/UTC', t));
    }
  });

  it('splits a zone with daylight saving time at its transition', () => {
    const segments = offsetSegments('Europe/Berlin', from, to);
    expect(segments).toEqual([
      {
        start: from,
        end: Date.parse('2026-03-29T01:00:00Z'),
        offsetMs: 3_600_000,
      },
      {
        start: Date.parse('2026-03-29T01:00:00Z'),
        end: to,
        offsetMs: 7_200_000,
      },
    ]);
  });
});
