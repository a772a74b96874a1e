import { CodeSnippet, Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { plural } from '../format';
import { useMetricsDocsLink } from '../metricsDocs';
import { CiToken, githubActionsStep } from '../reportFromCi';

/** A last step for a GitHub Actions job. */
const ciStep = githubActionsStep(
  'Report this run to Launchpad',
  'pipeline-runs',
  [
    '\\"externalId\\":\\"${GITHUB_RUN_ID}\\",\\"attempt\\":${GITHUB_RUN_ATTEMPT}',
    '\\"repository\\":\\"${GITHUB_REPOSITORY}\\",\\"workflow\\":\\"${GITHUB_WORKFLOW}\\"',
    '\\"branch\\":\\"${GITHUB_REF_NAME}\\",\\"sha\\":\\"${GITHUB_SHA}\\",\\"actor\\":\\"${GITHUB_ACTOR}\\"',
    '\\"status\\":\\"completed\\",\\"conclusion\\":\\"${{ job.status == \'success\' && \'success\' || \'failure\' }}\\"',
    '\\"finishedAt\\":\\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\\"',
    '\\"url\\":\\"${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}\\"',
  ],
);

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
            <code>POST /api/delivery/events/pipeline-runs</code> with{' '}
            <CiToken />. Sending the same run again updates it; a re-run sends a
            higher <code>attempt</code>. As the last step of a GitHub Actions
            job:
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
