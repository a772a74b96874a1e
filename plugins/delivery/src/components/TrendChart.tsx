import { DeliverySeriesBucket } from '@internal/plugin-delivery-common';
import { useTheme } from '@material-ui/core/styles';
import { DAY, HOUR, formatDay } from './format';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface TrendPoint {
  week: string;
  deployments: number;
  failedDeployments: number;
  /** in `unit`; null for a week without a change deployed, drawn as a gap */
  leadTime: number | null;
}

/** Lead times in days once any week's median reaches a day, where the figure cards switch units too. */
export function leadTimeUnit(buckets: DeliverySeriesBucket[]): 'h' | 'days' {
  const longest = Math.max(0, ...buckets.map(b => b.leadTimeMedian ?? 0));
  return longest >= DAY ? 'days' : 'h';
}

/** Chart rows of the weekly buckets: lead time in the unit given, weeks labelled by their first day. */
export function toTrendPoints(
  buckets: DeliverySeriesBucket[],
  unit: 'h' | 'days' = leadTimeUnit(buckets),
): TrendPoint[] {
  const seconds = unit === 'days' ? DAY : HOUR;
  return buckets.map(b => ({
    week: formatDay(new Date(b.from)),
    deployments: b.deployments,
    failedDeployments: b.failedDeployments,
    leadTime:
      b.leadTimeMedian === null
        ? null
        : Math.round((b.leadTimeMedian / seconds) * 10) / 10,
  }));
}

/**
 * Weekly deployments and failed deployments (bars) with the median lead time
 * (line), drawn at once: no animation, so what is on screen (or in a
 * screenshot) is always the figures, and nothing moves for people who prefer
 * less motion.
 */
export function TrendChart(props: { buckets: DeliverySeriesBucket[] }) {
  const theme = useTheme();
  const unit = leadTimeUnit(props.buckets);
  const data = toTrendPoints(props.buckets, unit);
  return (
    <div
      role="img"
      aria-label={`Weekly trend over ${data.length} weeks`}
      style={{ width: '100%', height: 320 }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="week" />
          <YAxis yAxisId="count" allowDecimals={false} />
          <YAxis
            yAxisId="leadTime"
            orientation="right"
            unit={` ${unit}`}
            allowDecimals={false}
          />
          <Tooltip />
          <Legend />
          <Bar
            yAxisId="count"
            dataKey="deployments"
            name="Deployments"
            fill={theme.palette.primary.main}
            isAnimationActive={false}
          />
          <Bar
            yAxisId="count"
            dataKey="failedDeployments"
            name="Failed deployments"
            fill={theme.palette.error.main}
            isAnimationActive={false}
          />
          {/* a week without a deployed change has no lead time: a gap, not a line through it */}
          <Line
            yAxisId="leadTime"
            type="monotone"
            dataKey="leadTime"
            name={`Lead time median (${unit})`}
            stroke={theme.palette.secondary.main}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
