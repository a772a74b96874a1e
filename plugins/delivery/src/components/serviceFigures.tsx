import { TableColumn } from '@backstage/core-components';
import {
  DoraLevel,
  ServiceDeliveryFigures,
} from '@internal/plugin-delivery-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import {
  formatDuration,
  formatFrequency,
  formatMedianDeployDays,
  formatPercent,
  levelLabels,
} from './format';

export type FigureKey =
  | 'deploymentFrequency'
  | 'changeLeadTime'
  | 'changeFailureRate'
  | 'failedDeploymentRecoveryTime'
  | 'deploymentReworkRate';

/** How one of the five figures of a service is named, shown, sorted and exported. */
export interface ServiceFigure {
  key: FigureKey;
  title: string;
  /** the column's heading, short enough for five figures to fit a laptop's table */
  columnTitle: string;
  /** the figure for people, in its unit, as short as a table cell needs */
  display(f: ServiceDeliveryFigures): string;
  /** a team's total, shown under the figure's level (a team's figure is a median) */
  total?(f: ServiceDeliveryFigures): string;
  /** the figure as a number (per day, seconds or a fraction), null when there is none */
  value(f: ServiceDeliveryFigures): number | null;
  /** the unit of `value`, for exports */
  unit: string;
  /** whether a higher value is better (deployment frequency) */
  higherIsBetter: boolean;
}

export const serviceFigures: ServiceFigure[] = [
  {
    key: 'deploymentFrequency',
    title: 'Deployment frequency',
    columnTitle: 'Deploys',
    display: ({ deploymentFrequency: df }) =>
      formatFrequency(df.perDay, df.perWeek, 'short'),
    value: f => f.deploymentFrequency.perDay,
    unit: 'per day',
    higherIsBetter: true,
  },
  {
    key: 'changeLeadTime',
    title: 'Change lead time',
    columnTitle: 'Lead time',
    display: f => formatDuration(f.changeLeadTime.median),
    value: f => f.changeLeadTime.median,
    unit: 'median seconds',
    higherIsBetter: false,
  },
  {
    key: 'changeFailureRate',
    title: 'Change failure rate',
    columnTitle: 'Failure rate',
    display: f => formatPercent(f.changeFailureRate.value),
    value: f => f.changeFailureRate.value,
    unit: 'fraction',
    higherIsBetter: false,
  },
  {
    key: 'failedDeploymentRecoveryTime',
    title: 'Failed deployment recovery time',
    columnTitle: 'Recovery',
    display: f => formatDuration(f.failedDeploymentRecoveryTime.median),
    value: f => f.failedDeploymentRecoveryTime.median,
    unit: 'median seconds',
    higherIsBetter: false,
  },
  {
    key: 'deploymentReworkRate',
    title: 'Deployment rework rate',
    columnTitle: 'Rework',
    display: f => formatPercent(f.deploymentReworkRate.value),
    value: f => f.deploymentReworkRate.value,
    unit: 'fraction',
    higherIsBetter: false,
  },
];

/**
 * A team's figures: as a service's, but deployment frequency is its median
 * service's deploy days per week, on which its level is judged, with the
 * rate of all its services' deployments as its total.
 */
export const teamFigures: ServiceFigure[] = serviceFigures.map(
  (figure): ServiceFigure =>
    figure.key === 'deploymentFrequency'
      ? {
          ...figure,
          display: f =>
            formatMedianDeployDays(
              f.deploymentFrequency.medianDeployDaysPerWeek,
              'short',
            ),
          total: ({ deploymentFrequency: df }) =>
            `${formatFrequency(df.perDay, df.perWeek, 'short')} in total`,
          value: f => f.deploymentFrequency.medianDeployDaysPerWeek,
          unit: 'median deploy days per week',
        }
      : figure,
);

/** A figure's DORA level, or why it has none. */
export type FigureLevel =
  | DoraLevel
  | 'no-level'
  | 'not-enough-data'
  | 'no-data-yet';

export const figureLevelLabels: Record<FigureLevel, string> = {
  ...levelLabels,
  // the report year gives this figure no levels
  'no-level': 'No level',
  'not-enough-data': 'Not enough data',
  'no-data-yet': 'No data yet',
};

export function figureLevel(
  figures: ServiceDeliveryFigures | undefined,
  key: FigureKey,
): FigureLevel {
  if (!figures || figures.noDataYet) return 'no-data-yet';
  const figure: { level: DoraLevel | null; notEnoughData: boolean } =
    figures[key];
  if (figure.notEnoughData) return 'not-enough-data';
  return figure.level ?? 'no-level';
}

/**
 * Whether a figure has a value to show: not with no data yet, nor with too
 * few events (it would mislead).
 */
export function hasFigure(
  figures: ServiceDeliveryFigures | undefined,
  key: FigureKey,
): figures is ServiceDeliveryFigures {
  return !!figures && !figures.noDataYet && !figures[key].notEnoughData;
}

/**
 * Sorts rows by a figure, best first when ascending; rows without the figure
 * (no data, not enough data) always come last.
 */
function compareByFigure<Row>(
  figure: ServiceFigure,
  figuresOf: (row: Row) => ServiceDeliveryFigures | undefined,
) {
  const sortable = (row: Row): number | null => {
    const figures = figuresOf(row);
    if (!hasFigure(figures, figure.key)) return null;
    const value = figure.value(figures);
    if (value === null) return null;
    return figure.higherIsBetter ? -value : value;
  };
  return (a: Row, b: Row, _type: 'row' | 'group', direction?: 'desc') => {
    const x = sortable(a);
    const y = sortable(b);
    if (x === y) return 0;
    // material-table sorts descending by swapping the rows and passing 'desc':
    // keeping missing figures last in both directions needs to know it.
    const last = direction === 'desc' ? -1 : 1;
    if (x === null) return last;
    if (y === null) return -last;
    return x - y;
  };
}

/** Narrower than a table's default cell padding, so five figures fit a laptop screen. */
export const compactCellStyle = { padding: '6px 8px' } as const;

/**
 * The headings of a table of figures (its `options.headerStyle`): in smaller
 * type, as a heading's longest word (with room for its sort arrow) sets its
 * column's least width.
 */
export const compactHeaderStyle = { fontSize: 12 } as const;

/** A compact column's heading: as narrow as its cells. */
export const compactColumnHeaderStyle = { padding: 8 } as const;

/**
 * The five figures of a service (or of a team, given `teamFigures`) as table
 * columns: the value over its level, sortable. Headings are short (the
 * figure's whole name, and that it is a median, on hover) and may wrap.
 */
export function serviceFigureColumns<Row extends object>(
  figuresOf: (row: Row) => ServiceDeliveryFigures | undefined,
  definitions: ServiceFigure[] = serviceFigures,
): TableColumn<Row>[] {
  return definitions.map(figure => ({
    title: (
      <span
        title={
          figure.unit.startsWith('median')
            ? `${figure.title} (median)`
            : figure.title
        }
      >
        {figure.columnTitle}
      </span>
    ),
    headerStyle: compactColumnHeaderStyle,
    cellStyle: compactCellStyle,
    customSort: compareByFigure(
      figure,
      figuresOf,
    ) as TableColumn<Row>['customSort'],
    render: row => {
      const figures = figuresOf(row);
      if (!figures) return '–';
      const level = figureLevel(figures, figure.key);
      // a figure from too few events is not shown, as it would mislead;
      // why not is smaller than a figure, so that figures stand out
      if (level === 'no-data-yet' || level === 'not-enough-data') {
        return (
          <Typography variant="caption" color="textSecondary">
            {figureLevelLabels[level]}
          </Typography>
        );
      }
      return (
        <>
          <span style={{ whiteSpace: 'nowrap' }}>
            {figure.display(figures)}
          </span>
          <Typography variant="caption" color="textSecondary" component="div">
            {figureLevelLabels[level]}
          </Typography>
          {figure.total && (
            <Typography variant="caption" color="textSecondary" component="div">
              {figure.total(figures)}
            </Typography>
          )}
        </>
      );
    },
  }));
}

/**
 * A service in a table of services: its name linked to its page, marked
 * "Demo data" underneath when its figures are generated (no column of its
 * own, so the five figures fit a laptop screen).
 */
export function ServiceName(props: {
  entityRef: string;
  /** the name shown; the catalog's title otherwise */
  title?: string;
  demo?: boolean;
}) {
  return (
    <>
      <EntityRefLink entityRef={props.entityRef} title={props.title} />
      {props.demo && (
        <Box mt={0.5}>
          <Chip size="small" label="Demo data" />
        </Box>
      )}
    </>
  );
}
