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

/** What a change is called: its title, else its pull request or commit. */
export function changeLabel(c: ChangeRow): string {
  const id = c.pullRequestNumber
    ? `#${c.pullRequestNumber}`
    : c.headSha.slice(0, 7);
  return c.title ? `${id} ${c.title}` : id;
}
