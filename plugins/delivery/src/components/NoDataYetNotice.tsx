import { CodeSnippet, Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useMetricsDocsLink } from './metricsDocs';
import { CiToken, githubActionsStep } from './reportFromCi';

/** A last step for a GitHub Actions job that deploys to production. */
const deploymentStep = githubActionsStep(
  'Report this deployment to Launchpad',
  'deployments',
  [
    '\\"externalId\\":\\"gha-${GITHUB_RUN_ID}-${GITHUB_RUN_ATTEMPT}-production\\"',
    '\\"repository\\":\\"${GITHUB_REPOSITORY}\\",\\"environment\\":\\"production\\"',
    '\\"sha\\":\\"${GITHUB_SHA}\\",\\"ref\\":\\"${GITHUB_REF_NAME}\\"',
    "\\\"status\\\":\\\"${{ job.status == 'success' && 'success' || 'failure' }}\\\"",
    '\\"finishedAt\\":\\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\\",\\"workflow\\":\\"${GITHUB_WORKFLOW}\\"',
  ],
);

/**
 * Says that no production deployment of the service (or of any service of a
 * group) has been recorded yet, so no figure has a level, and how data
 * arrives; `withCiStep` adds a GitHub Actions step to copy.
 */
export function NoDataYetNotice(props: {
  subject: string;
  withCiStep?: boolean;
}) {
  const docsLink = useMetricsDocsLink();
  return (
    <Box role="note" aria-label="No data yet">
      <Typography variant="h6" component="p">
        No data yet
      </Typography>
      <Typography variant="body2" paragraph={props.withCiStep}>
        No production deployment of {props.subject} has been recorded, so no
        figure has a level. Deployments arrive through the delivery events API (
        <code>POST /api/delivery/events/deployments</code>, from any CI) or the
        GitHub webhook (<code>deployment_status</code> events).{' '}
        <Link to={docsLink('what-to-send')}>What to send</Link>
      </Typography>
      {props.withCiStep && (
        <>
          <Typography variant="body2">
            From GitHub Actions, as the last step of the job that deploys, with{' '}
            <CiToken /> saved as the repository's{' '}
            <code>LAUNCHPAD_DELIVERY_TOKEN</code> secret:
          </Typography>
          <CodeSnippet
            language="yaml"
            text={deploymentStep}
            showCopyCodeButton
          />
        </>
      )}
    </Box>
  );
}
