import { Select, WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid, { GridSize } from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import { DeliveryView, reportYearOptions, windowOptions } from './deliveryView';
import { formatDay } from './format';

const CUSTOM = 'custom';
// no environment name is blank, and the empty string would show an empty select
const PRODUCTION = ' ';

type Update = (changes: Record<string, string | undefined>) => void;

/** First and last day of a custom window, both included. */
function CustomRange(props: { view: DeliveryView; update: Update }) {
  const { view, update } = props;
  const lastDay = new Date(view.to.getTime() - 1);
  return (
    <Box display="flex" gridGap={8}>
      <TextField
        id="delivery-range-first-day"
        label="First day"
        type="date"
        InputLabelProps={{ shrink: true }}
        defaultValue={formatDay(view.from)}
        onChange={e => update({ from: e.target.value })}
      />
      <TextField
        id="delivery-range-last-day"
        label="Last day"
        type="date"
        InputLabelProps={{ shrink: true }}
        defaultValue={formatDay(lastDay)}
        onChange={e => update({ to: e.target.value })}
      />
    </Box>
  );
}

/**
 * The window (a preset or a custom range), environment and benchmark year of
 * a delivery view, as grid items: each choice goes to the URL through
 * `update`. `environments` are those that can be chosen besides production;
 * `width` is each item's share of a medium or wider screen's row.
 */
export function DeliveryViewControls(props: {
  view: DeliveryView;
  update: Update;
  environments: string[];
  /** the window a range that cannot be used falls back to */
  fallbackWindowDays: number;
  width?: GridSize;
}) {
  const { view, update, width = 3 } = props;
  const environmentOptions = [
    { label: 'Production environments', value: PRODUCTION },
    ...[
      ...new Set([
        ...props.environments,
        ...(view.environment ? [view.environment] : []),
      ]),
    ].map(env => ({ label: env, value: env })),
  ];
  return (
    <>
      <Grid item xs={12} sm={6} md={width}>
        <Select
          label="Window"
          items={[...windowOptions, { label: 'Custom range', value: CUSTOM }]}
          selected={view.window}
          onChange={value =>
            update(
              value === CUSTOM
                ? {
                    window: CUSTOM,
                    from: formatDay(view.from),
                    to: formatDay(view.to),
                  }
                : { window: String(value), from: undefined, to: undefined },
            )
          }
        />
      </Grid>
      {view.window === CUSTOM && (
        <Grid item xs={12} sm={6} md={width}>
          <CustomRange view={view} update={update} />
        </Grid>
      )}
      <Grid item xs={12} sm={6} md={width}>
        <Select
          label="Environment"
          items={environmentOptions}
          selected={view.environment ?? PRODUCTION}
          onChange={value =>
            update({ env: value === PRODUCTION ? undefined : String(value) })
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} md={width}>
        <Select
          label="Benchmark levels"
          data-testid="report-year"
          items={reportYearOptions}
          selected={view.reportYear}
          onChange={value => update({ year: String(value) })}
        />
      </Grid>
      {view.rangeProblem && (
        <Grid item xs={12}>
          <WarningPanel
            severity="warning"
            title={`${view.rangeProblem} Showing the last ${props.fallbackWindowDays} days instead.`}
          />
        </Grid>
      )}
    </>
  );
}
