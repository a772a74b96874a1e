import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useMetricsDocsLink } from './metricsDocs';

/**
 * Says that no production deployment of the service (or of any service of a
 * group) has been recorded yet, so no figure has a level, and how data arrives.
 */
export function NoDataYetNotice(props: { subject: string }) {
  const docsLink = useMetricsDocsLink();
  return (
    <Box role="note" aria-label="No data yet">
      <Typography variant="h6" component="p">
        No data yet
      </Typography>
      <Typography variant="body2">
        No production deployment of {props.subject} has been recorded, so no
        figure has a level. Deployments arrive through the delivery events API (
        <code>POST /api/delivery/events/deployments</code>, from any CI) or the
        GitHub webhook (<code>deployment_status</code> events).{' '}
        <Link to={docsLink('what-to-send')}>What to send</Link>
      </Typography>
    </Box>
  );
}
