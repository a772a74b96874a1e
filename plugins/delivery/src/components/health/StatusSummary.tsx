import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { HealthReason, HealthStatus } from '@internal/plugin-delivery-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

const STATUS_LABEL: Record<HealthStatus, string> = {
  healthy: 'Healthy',
  degraded: 'Degraded',
  failing: 'Failing',
  unknown: 'Unknown',
};

function Icon(props: { severity: HealthReason['severity'] }) {
  switch (props.severity) {
    case 'failing':
      return <StatusError />;
    case 'degraded':
      return <StatusWarning />;
    case 'unknown':
      return <StatusAborted />;
    default:
      return <StatusOK />;
  }
}

/** The text after the icon of its severity, on one line. */
function WithIcon(props: {
  severity: HealthReason['severity'];
  children: ReactNode;
}) {
  return (
    <Box component="span" display="flex" alignItems="baseline">
      <Icon severity={props.severity} />
      <span>{props.children}</span>
    </Box>
  );
}

/** The overall status in one word, after its icon. */
export function OverallStatus(props: { status: HealthStatus }) {
  const { status } = props;
  return (
    <WithIcon severity={status === 'healthy' ? 'ok' : status}>
      {STATUS_LABEL[status]}
    </WithIcon>
  );
}

/** The overall status in words, and each reason behind it (at most `limit`). */
export function StatusSummary(props: {
  status: HealthStatus;
  reasons: HealthReason[];
  limit?: number;
}) {
  const { status, reasons, limit } = props;
  const shown = limit ? reasons.slice(0, limit) : reasons;
  return (
    <Box>
      <Typography variant="h5" component="p" aria-label="Overall status">
        <OverallStatus status={status} />
      </Typography>
      <Box
        component="ul"
        pl={0}
        my={1}
        style={{ listStyle: 'none' }}
        aria-label="Reasons"
      >
        {shown.map(r => (
          <Typography
            key={`${r.section}:${r.message}`}
            component="li"
            variant="body2"
          >
            <WithIcon severity={r.severity}>{r.message}</WithIcon>
          </Typography>
        ))}
      </Box>
      {shown.length < reasons.length && (
        <Typography variant="caption">
          and {reasons.length - shown.length} more
        </Typography>
      )}
    </Box>
  );
}
