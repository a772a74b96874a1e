import { InfoCard, Link } from '@backstage/core-components';
import { DoraLevel } from '@internal/plugin-delivery-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { Theme, getContrastRatio, makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { levelLabels } from './format';

/**
 * A level badge's colours from the theme's palette (success for elite and
 * high, warning for medium, error for low), with black or white text,
 * whichever contrasts more: at least 4.5:1 (WCAG AA) for any background.
 */
export function levelColors(
  theme: Theme,
  level: DoraLevel,
): { backgroundColor: string; color: string } {
  const { success, warning, error } = theme.palette;
  const backgroundColor = {
    elite: success.dark,
    high: success.main,
    medium: warning.main,
    low: error.main,
  }[level];
  const white = theme.palette.common.white;
  const black = theme.palette.common.black;
  const color =
    getContrastRatio(backgroundColor, white) >=
    getContrastRatio(backgroundColor, black)
      ? white
      : black;
  return { backgroundColor, color };
}

const useStyles = makeStyles(theme => ({
  value: { fontWeight: theme.typography.fontWeightBold as number },
  level: { fontWeight: 600 },
  elite: levelColors(theme, 'elite'),
  high: levelColors(theme, 'high'),
  medium: levelColors(theme, 'medium'),
  low: levelColors(theme, 'low'),
}));

export interface MetricCardProps {
  title: string;
  value: string;
  /** secondary figures, such as the p90: shown only with the figure */
  details?: ReactNode;
  /** what the figure leaves out, shown with or without the figure */
  note?: ReactNode;
  level: DoraLevel | null;
  reportYear: number;
  sampleSize: number;
  /** the sample with its noun, e.g. "4 full weeks" */
  sample: string;
  notEnoughData: boolean;
  /** no deployment recorded yet: says so instead of a level */
  noDataYet?: boolean;
  /** group figures: what the figure is the median of */
  aggregationNote?: string;
  minimumSampleSize: number;
  /** false for figures DORA publishes no levels for */
  benchmarked?: boolean;
  /** how the level was found when the report year gives no thresholds (from the API) */
  levelNote?: string;
  /** the figure's section of the page that defines how it is computed */
  docsUrl: string;
  /** where the rows behind the figure are listed, when they can be */
  drillDownUrl?: string;
}

/**
 * What the card shows in the figure's place: the figure, or why there is none
 * (a figure computed from too few events is not shown, as it would mislead).
 */
function shownValue(props: MetricCardProps): string {
  if (props.noDataYet) return 'No data yet';
  if (props.notEnoughData) return 'Not enough data';
  return props.value;
}

/** One DORA figure with its benchmark level, sample size and data sufficiency. */
export function MetricCard(props: MetricCardProps) {
  const classes = useStyles();
  const { level, benchmarked = true } = props;
  const figureShown = !props.noDataYet && !props.notEnoughData;
  const value = shownValue(props);
  // no deployment recorded: there are no rows behind the figure either
  const drillDownUrl = props.noDataYet ? undefined : props.drillDownUrl;
  let levelNode: ReactNode;
  if (props.noDataYet) {
    levelNode = null;
  } else if (props.notEnoughData) {
    // a group's aggregation note says how many services had enough
    levelNode = props.aggregationNote ? null : (
      <Typography variant="body2" color="textSecondary">
        At least {props.minimumSampleSize} needed
      </Typography>
    );
  } else if (level) {
    levelNode = (
      <Box display="flex" alignItems="center" gridGap={8}>
        <Chip
          size="small"
          label={levelLabels[level]}
          className={`${classes.level} ${classes[level]}`}
          aria-label={`${props.title} level ${levelLabels[level]}`}
        />
        <Typography variant="caption" color="textSecondary">
          DORA {props.reportYear}
          {props.levelNote ? ', nearest cluster' : ''}
        </Typography>
      </Box>
    );
  } else {
    levelNode = (
      <Typography variant="caption" color="textSecondary">
        {benchmarked ? 'No level' : 'No DORA benchmark level'}
      </Typography>
    );
  }
  return (
    <InfoCard title={props.title} variant="gridItem">
      <Box role="group" aria-label={props.title}>
        <Typography variant="h4" component="p" className={classes.value}>
          {drillDownUrl ? (
            <Link
              to={drillDownUrl}
              aria-label={`${props.title}: ${value}, show the rows behind it`}
            >
              {value}
            </Link>
          ) : (
            value
          )}
        </Typography>
        {figureShown && props.details && (
          <Typography variant="body2" component="div">
            {props.details}
          </Typography>
        )}
        {props.note && (
          <Typography variant="body2" component="div">
            {props.note}
          </Typography>
        )}
        {levelNode && <Box mt={1}>{levelNode}</Box>}
        {props.aggregationNote && (
          <Typography
            variant="caption"
            color="textSecondary"
            component="p"
            aria-label={`${props.title} aggregation`}
          >
            {props.aggregationNote}
          </Typography>
        )}
        {level && !props.notEnoughData && props.levelNote && (
          <Typography
            variant="caption"
            color="textSecondary"
            component="p"
            aria-label={`${props.title} level note`}
          >
            {props.levelNote}
          </Typography>
        )}
        <Typography variant="caption" color="textSecondary" component="p">
          n = {props.sample}
        </Typography>
        <Typography variant="caption" component="p">
          <Link to={props.docsUrl}>How is this computed?</Link>
        </Typography>
      </Box>
    </InfoCard>
  );
}
