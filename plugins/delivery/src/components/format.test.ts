import {
  formatDateRange,
  formatDateTimeWithZone,
  formatDay,
  formatDeployDays,
  formatMedianDeployDays,
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

  it('shows deploy days per week, singular for one', () => {
    expect(formatDeployDays(4)).toBe('4 deploy days per week');
    expect(formatDeployDays(1)).toBe('1 deploy day per week');
    expect(formatDeployDays(2.25, 'short')).toBe('2.3 deploy days/week');
  });

  it("shows a group's median deploy days, under one as under one", () => {
    expect(formatMedianDeployDays(4)).toBe('4 deploy days per week');
    expect(formatMedianDeployDays(1, 'short')).toBe('1 deploy day/week');
    expect(formatMedianDeployDays(0)).toBe('<1 deploy day per week');
    expect(formatMedianDeployDays(0.5, 'short')).toBe('<1 deploy day/week');
  });

  it('puts a noun in the singular for one only', () => {
    expect(plural(1, 'deployment')).toBe('1 deployment');
    expect(plural(0, 'deployment')).toBe('0 deployments');
    expect(plural(2, 'full week')).toBe('2 full weeks');
    expect(plural(1.5, 'deploy day')).toBe('1.5 deploy days');
    expect(plural(3, 'change', 'changes')).toBe('3 changes');
  });

  it('shows an instant with its time zone, and how long ago it was', () => {
    expect(formatDateTimeWithZone('2026-11-19T16:42:10Z', 'UTC')).toBe(
      '2026-11-19 16:42:10 UTC',
    );
    expect(
      formatDateTimeWithZone('2026-11-19T23:42:10Z', 'Europe/Berlin'),
    ).toBe('2026-11-20 00:42:10 CET');
    const now = new Date('2026-11-19T18:00:00Z');
    expect(formatRelativeTime('2026-11-19T15:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelativeTime('2026-11-18T17:00:00Z', now)).toBe('yesterday');
    expect(formatRelativeTime('2026-11-19T17:59:30Z', now)).toBe('now');
  });
});

describe('formatDay', () => {
  it('writes the local calendar day', () => {
    expect(formatDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('formatDateRange', () => {
  it('names the first and the last day of a window, both included, as yyyy-mm-dd', () => {
    // a custom range ends at the start of the day after its last day
    expect(formatDateRange(new Date(2026, 9, 21), new Date(2026, 10, 20))).toBe(
      '2026-10-21 to 2026-11-19',
    );
    // a window ending now ends within its last day
    expect(
      formatDateRange(
        new Date(2026, 9, 21, 8, 15),
        new Date(2026, 10, 20, 8, 15).toISOString(),
      ),
    ).toBe('2026-10-21 to 2026-11-20');
  });
});
