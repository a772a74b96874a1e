import {
  figureLevel,
  figureLevelLabels,
  hasFigure,
  serviceFigures,
} from '../serviceFigures';
import { OrganisationRow } from './organisationRows';

/** Quotes a cell when it holds a separator, a quote or a line break (RFC 4180). */
function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // a leading =, +, - or @ would be run as a formula by spreadsheet programs
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The rows as CSV: catalog facts, then each figure's raw value (unit in the
 * header), empty where the page shows none, and its level.
 */
export function organisationCsv(rows: OrganisationRow[]): string {
  const header = [
    'entity',
    'name',
    'owner',
    'system',
    'data',
    ...serviceFigures.flatMap(f => [
      `${f.title} (${f.unit})`,
      `${f.title} level`,
    ]),
  ];
  const lines = rows.map(row => {
    let data = 'recorded';
    if (!row.figures || row.figures.noDataYet) data = 'no data yet';
    else if (row.demo) data = 'demo';
    return [
      row.entityRef,
      row.name,
      row.owner,
      row.system,
      data,
      ...serviceFigures.flatMap(f => [
        // empty where the page says "Not enough data" or "No data yet"
        hasFigure(row.figures, f.key) ? f.value(row.figures) : null,
        figureLevelLabels[figureLevel(row.figures, f.key)],
      ]),
    ];
  });
  return [header, ...lines].map(line => line.map(cell).join(',')).join('\r\n');
}
