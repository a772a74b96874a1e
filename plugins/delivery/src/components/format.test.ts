import {
  formatDateRange,
  formatDateTimeWithZone,
  formatDuration,
  formatFrequency,
  formatPercent,
  formatRelativeTime,
  plural,
} from './format';

describe('format', () => {
  it('shows durations in human units', () => {
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(30 * 60)).toBe('30 min');
    expect(formatDuration(5400)).toBe('1.5 h');
    expect(formatDuration(86_400)).toBe('1 day');
    expect(formatDuration(3.25 * 86_400)).toBe('3.3 days');
  });

  it('shows rates as percentages', () => {
    expect(formatPercent(null)).toBe('–');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.0833)).toBe('8.3%');
    expect(formatPercent(1)).toBe('100%');
  });

  it('shows frequency per day from one a day, per week below', () => {
    expect(formatFrequency(2.54, 17.8)).toBe('2.5 per day');
    expect(formatFrequency(0.5, 3.5)).toBe('3.5 per week');
    expect(formatFrequency(2.54, 17.8, 'short')).toBe('2.5/day');
    expect(formatFrequency(0.5, 3.5, 'short')).toBe('3.5/week');
  });

  it('puts a noun in the singular for one only', () => {
    expect(plural(1, 'deployment')).toBe('1 deployment');
    expect(plural(0, 'deployment')).toBe('0 deployments');
    expect(plural(2, 'full week')).toBe('2 full weeks');
    expect(plural(1.5, 'deploy day')).toBe('1.5 deploy days');
    expect(plural(3, 'change', 'changes')).toBe('3 changes');
  });

  it('shows an instant with its time zone, and how long ago it was', () => {
    expect(formatDateTimeWithZone('2026-11-19T16:42:10Z', 'UTC')).toMatch(
      /2026.*4:42:10.*UTC/,
    );
    const now = new Date('2026-11-19T18:00:00Z');
    expect(formatRelativeTime('2026-11-19T15:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelativeTime('2026-11-18T17:00:00Z', now)).toBe('yesterday');
    expect(formatRelativeTime('2026-11-19T17:59:30Z', now)).toBe('now');
  });
});

describe('formatDateRange', () => {
  it('names both days of a window in the browser locale', () => {
    const from = '2026-10-21T12:00:00.000Z';
    const to = '2026-11-20T12:00:00.000Z';
    expect(formatDateRange(from, new Date(to))).toBe(
      `${new Date(from).toLocaleDateString()} to ${new Date(
        to,
      ).toLocaleDateString()}`,
    );
  });
});
