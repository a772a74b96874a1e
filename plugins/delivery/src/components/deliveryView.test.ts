import { parseDeliveryView } from './deliveryView';

const now = new Date(2026, 10, 22, 15, 30);
const defaults = { windowDays: 30 };
const parse = (
  query: string,
  d: { windowDays: number; environment?: string } = defaults,
) => parseDeliveryView(new URLSearchParams(query), d, now);

describe('parseDeliveryView', () => {
  it('uses the defaults without parameters: the window ends now, the newest report year', () => {
    const view = parse('');
    expect(view.window).toBe(30);
    expect(view.to).toEqual(now);
    expect(now.getTime() - view.from.getTime()).toBe(30 * 86_400_000);
    expect(view.environment).toBeUndefined();
    expect(view.reportYear).toBe(2024);
    expect(view.rangeProblem).toBeUndefined();
  });

  it('takes a preset window, an environment and a report year', () => {
    const view = parse('window=365&env=prod-eu&year=2023');
    expect(view.window).toBe(365);
    expect(now.getTime() - view.from.getTime()).toBe(365 * 86_400_000);
    expect(view.environment).toBe('prod-eu');
    expect(view.reportYear).toBe(2023);
  });

  it('ignores a window that is not a preset and a year without benchmarks', () => {
    const view = parse('window=12&year=1999');
    expect(view.window).toBe(30);
    expect(view.reportYear).toBe(2024);
  });

  it("keeps the caller's environment unless the URL names one", () => {
    expect(parse('', { windowDays: 7, environment: 'staging' })).toMatchObject({
      window: 7,
      environment: 'staging',
    });
  });

  it('reads a custom range of whole local days, the last day included, never past now', () => {
    expect(parse('window=custom&from=2026-03-01&to=2026-03-31')).toMatchObject({
      window: 'custom',
      from: new Date(2026, 2, 1),
      to: new Date(2026, 3, 1),
    });
    expect(parse('window=custom&from=2026-11-01&to=2026-11-22').to).toEqual(
      now,
    );
  });

  it('ends a window at the next whole minute, so that the reads of one minute share the figures', () => {
    const later = new Date(2026, 10, 22, 15, 30, 17, 250);
    const view = parseDeliveryView(new URLSearchParams(''), defaults, later);
    expect(view.to).toEqual(new Date(2026, 10, 22, 15, 31));
    expect(view.to.getTime() - view.from.getTime()).toBe(30 * 86_400_000);
    const custom = parseDeliveryView(
      new URLSearchParams('window=custom&from=2026-11-01&to=2026-11-22'),
      defaults,
      later,
    );
    expect(custom.to).toEqual(new Date(2026, 10, 22, 15, 31));
  });

  it.each([
    ['window=custom', 'Choose a first and a last day for the custom range.'],
    [
      'window=custom&from=2026-02-30&to=2026-03-01',
      'Choose a first and a last day for the custom range.',
    ],
    [
      'window=custom&from=yesterday&to=2026-03-01',
      'Choose a first and a last day for the custom range.',
    ],
    [
      'window=custom&from=2026-03-02&to=2026-03-01',
      'The last day of the range is before its first day.',
    ],
    [
      'window=custom&from=2024-01-01&to=2026-01-01',
      'A range may span at most 400 days.',
    ],
  ])(
    'falls back to the default window and says why for %s',
    (query, problem) => {
      const view = parse(query);
      expect(view.rangeProblem).toBe(problem);
      expect(view.window).toBe(30);
      expect(view.to).toEqual(now);
    },
  );
});
