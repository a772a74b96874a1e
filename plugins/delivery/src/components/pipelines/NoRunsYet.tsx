import { CodeSnippet, Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { plural } from '../format';
import { useMetricsDocsLink } from '../metricsDocs';

/** A last step for a GitHub Actions job (any CI can send the same request). */
const ciStep = `- name: Report this run to Launchpad
  if: always()
  run: |
    curl -sS --fail-with-body -X POST "$LAUNCHPAD_URL/api/delivery/events/pipeline-runs" \\
      -H "Authorization: Bearer $LAUNCHPAD_TOKEN" -H 'Content-Type: application/json' \\
      -d "{\\"externalId\\":\\"\${GITHUB_RUN_ID}\\",\\"attempt\\":\${GITHUB_RUN_ATTEMPT},
           \\"repository\\":\\"\${GITHUB_REPOSITORY}\\",\\"workflow\\":\\"\${GITHUB_WORKFLOW}\\",
           \\"branch\\":\\"\${GITHUB_REF_NAME}\\",\\"sha\\":\\"\${GITHUB_SHA}\\",\\"actor\\":\\"\${GITHUB_ACTOR}\\",
           \\"status\\":\\"completed\\",\\"conclusion\\":\\"\${{ job.status == 'success' && 'success' || 'failure' }}\\",
           \\"finishedAt\\":\\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\\",
           \\"url\\":\\"\${GITHUB_SERVER_URL}/\${GITHUB_REPOSITORY}/actions/runs/\${GITHUB_RUN_ID}\\"}"
  env:
    LAUNCHPAD_URL: \${{ vars.LAUNCHPAD_URL }}
    LAUNCHPAD_TOKEN: \${{ secrets.LAUNCHPAD_DELIVERY_TOKEN }}`;

/** Says that no run has been recorded for the repository, and exactly how runs arrive. */
export function NoRunsYet(props: { repository: string; days: number }) {
  const docsLink = useMetricsDocsLink();
  return (
    <Box p={2} role="note" aria-label="No pipeline runs yet">
      <Typography variant="h6" component="p">
        No pipeline runs in the last {plural(props.days, 'day')}
      </Typography>
      <Typography variant="body2" paragraph>
        Runs of <code>{props.repository}</code> reach Launchpad in either of two
        ways:
      </Typography>
      <Typography variant="body2" component="div">
        <ol>
          <li>
            <strong>GitHub webhook:</strong> the repository's webhook to
            Launchpad (<code>/api/events/http/github</code>, which the
            golden-path templates set up) with <em>Workflow runs</em> events
            selected.
          </li>
          <li>
            <strong>Events API, from any CI:</strong>{' '}
            <code>POST /api/delivery/events/pipeline-runs</code> with the token
            your Launchpad administrator configures for CI (
            <code>DELIVERY_EVENTS_TOKEN</code>, an external-access token with
            the <code>delivery.events.create</code> permission). Sending the
            same run again updates it; a re-run sends a higher{' '}
            <code>attempt</code>. As the last step of a GitHub Actions job:
          </li>
        </ol>
      </Typography>
      <CodeSnippet language="yaml" text={ciStep} showCopyCodeButton />
      <Typography variant="body2">
        <Link to={docsLink('what-to-send')}>What to send</Link>
      </Typography>
    </Box>
  );
}
