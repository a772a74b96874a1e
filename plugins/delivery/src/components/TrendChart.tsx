import { DeliverySeriesBucket } from '@internal/plugin-delivery-common';
import { useTheme } from '@material-ui/core/styles';
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

const HOUR = 3600;

export interface TrendPoint {
  week: string;
  deployments: number;
  failedDeployments: number;
  leadTimeHours: number | null;
}

/** Chart rows of the weekly buckets: lead time in hours, weeks labelled by their first day. */
export function toTrendPoints(buckets: DeliverySeriesBucket[]): TrendPoint[] {
  return buckets.map(b => ({
    week: b.from.slice(0, 10),
    deployments: b.deployments,
    failedDeployments: b.failedDeployments,
    leadTimeHours:
      b.leadTimeMedian === null
        ? null
        : Math.round((b.leadTimeMedian / HOUR) * 10) / 10,
  }));
}

/** Weekly deployments and failed deployments (bars) with the median lead time (line). */
export function TrendChart(props: { buckets: DeliverySeriesBucket[] }) {
  const theme = useTheme();
  const data = toTrendPoints(props.buckets);
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
            yAxisId="hours"
            orientation="right"
            unit=" h"
            allowDecimals={false}
          />
          <Tooltip />
          <Legend />
          <Bar
            yAxisId="count"
            dataKey="deployments"
            name="Deployments"
            fill={theme.palette.primary.main}
          />
          <Bar
            yAxisId="count"
            dataKey="failedDeployments"
            name="Failed deployments"
            fill={theme.palette.error.main}
          />
          <Line
            yAxisId="hours"
            type="monotone"
            dataKey="leadTimeHours"
            name="Lead time median (h)"
            stroke={theme.palette.secondary.main}
            connectNulls
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
