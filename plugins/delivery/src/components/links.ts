import { ChangeRow, DeploymentRow } from '@internal/plugin-delivery-common';
import { safeHttpUrl } from './pipelines';

const github = (repository: string) =>
  `https://github.com/${repository
    .split('/')
    .map(encodeURIComponent)
    .join('/')}`;

/** The deployment's own link (its CI run), else its commit on GitHub. */
export function deploymentUrl(d: DeploymentRow): string {
  return (
    safeHttpUrl(d.url) ??
    `${github(d.repository)}/commit/${encodeURIComponent(d.sha)}`
  );
}

/** The change's pull request on GitHub, else its commit. */
export function changeUrl(c: ChangeRow): string {
  return c.pullRequestNumber
    ? `${github(c.repository)}/pull/${c.pullRequestNumber}`
    : `${github(c.repository)}/commit/${encodeURIComponent(c.headSha)}`;
}

/**
 * What a change is called: its pull request (or commit) and title, "#12 Fix
 * retries"; a title that already names its pull request, as GitHub's squash
 * merges do ("Fix retries (#12)"), is not preceded by the number again.
 */
export function changeLabel(c: ChangeRow): string {
  const id = c.pullRequestNumber
    ? `#${c.pullRequestNumber}`
    : c.headSha.slice(0, 7);
  if (!c.title) return id;
  const namesItself =
    !!c.pullRequestNumber && new RegExp(`${id}(?!\\d)`).test(c.title);
  return namesItself ? c.title : `${id} ${c.title}`;
}
