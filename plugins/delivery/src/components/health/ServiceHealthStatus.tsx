import Typography from '@material-ui/core/Typography';
import { OverallStatus } from './StatusSummary';
import { useServiceHealth } from './useServiceHealth';

/**
 * A service's overall health in one word with its icon, for lists of services
 * such as the home page's "My services".
 */
export function ServiceHealthStatus(props: { entityRef: string }) {
  const { value, loading, error } = useServiceHealth(props.entityRef);
  if (loading) {
    return <Typography variant="caption">Reading health…</Typography>;
  }
  if (error || !value) {
    return (
      <Typography variant="caption" title={error?.message}>
        Health could not be read
      </Typography>
    );
  }
  return (
    <Typography variant="body2" component="span" aria-label="Health">
      <OverallStatus status={value.status} />
    </Typography>
  );
}
