import { percentile } from './traffic';

/** One line of the table: a moment of the page's load, measured in several runs. */
export type TimingRow = {
  measure: string;
  /** Milliseconds, one per run. */
  samples: number[];
  /** The 1-minute load averages during those runs. */
  loadAverages: number[];
  target?: { label: string; maxMs: number };
};

const ms = (value: number) =>
  value.toLocaleString('en-US', { maximumFractionDigits: 0 });

const range = (values: number[]) => {
  const low = Math.min(...values).toFixed(1);
  const high = Math.max(...values).toFixed(1);
  return low === high ? low : `${low}-${high}`;
};

function result(row: TimingRow, max: number) {
  if (!row.target) return '-';
  return max < row.target.maxMs ? 'met' : 'MISSED';
}

/**
 * The timings as a plain-text table in the style of the load test's
 * (report.ts): text columns left-aligned, figures right-aligned. A target is
 * met when the slowest run meets it.
 */
export function formatTimingTable(rows: TimingRow[]): string {
  const header = [
    'measure',
    'runs',
    'p50 ms',
    'max ms',
    'load avg',
    'target',
    'result',
  ];
  const textColumns = new Set([0, 4, 5, 6]);
  const lines = rows.map(row => {
    const max = row.samples.length ? Math.max(...row.samples) : NaN;
    return [
      row.measure,
      String(row.samples.length),
      row.samples.length ? ms(percentile(row.samples, 0.5)) : '-',
      row.samples.length ? ms(max) : '-',
      row.loadAverages.length ? range(row.loadAverages) : '-',
      row.target?.label ?? '-',
      result(row, max),
    ];
  });
  const widths = header.map((h, i) =>
    Math.max(h.length, ...lines.map(line => line[i].length)),
  );
  const format = (cells: string[]) =>
    cells
      .map((cell, i) =>
        textColumns.has(i) ? cell.padEnd(widths[i]) : cell.padStart(widths[i]),
      )
      .join('  ');
  return [
    format(header),
    widths.map(w => '-'.repeat(w)).join('  '),
    ...lines.map(format),
  ].join('\n');
}
