import { Row } from './scenarios';

const number = (value: number | undefined, digits = 0) =>
  value === undefined || Number.isNaN(value)
    ? '-'
    : value.toLocaleString('en-US', {
        maximumFractionDigits: digits,
        minimumFractionDigits: digits,
      });

/** The figures of every scenario as a plain-text table. */
export function formatTable(rows: Row[]): string {
  const header = [
    'scenario',
    'req/s',
    'events/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    'cpu ms/req',
    'requests',
    'errors',
    'target',
    'result',
  ];
  const lines = rows.map(row => [
    row.scenario,
    number(row.figures.requestsPerSecond, 1),
    number(row.eventsPerSecond),
    number(row.figures.p50Ms, 1),
    number(row.figures.p99Ms, 1),
    number(row.figures.maxMs, 1),
    number(row.figures.backendCpuMsPerRequest, 2),
    number(row.figures.requests),
    number(row.figures.errors),
    row.target ?? '-',
    row.met === undefined ? '-' : row.met ? 'met' : 'MISSED',
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...lines.map(line => line[i].length)),
  );
  const format = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === 0 || i >= 9 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]),
      )
      .join('  ');
  const errorNotes = rows
    .filter(row => row.figures.errors > 0)
    .map(row => `errors of "${row.scenario}": ${row.figures.errorKinds}`);
  return [
    format(header),
    widths.map(w => '-'.repeat(w)).join('  '),
    ...lines.map(format),
    ...(errorNotes.length ? ['', ...errorNotes] : []),
  ].join('\n');
}
