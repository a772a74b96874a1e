import { describeGithubError } from '../../lib/github/errors';
import { GithubTarget, LaunchpadOctokitClient } from '../../lib/github/octokit';
import { ItemResult } from './itemResult';
import { PERMISSIONS } from './permissions';

/** Adds the wanted topics; topics the repository already has are kept. */
export async function reconcileTopics(
  octokit: LaunchpadOctokitClient,
  { owner, repo }: GithubTarget,
  wanted: string[],
): Promise<ItemResult> {
  const repoName = `${owner}/${repo}`;
  let names: string[];
  try {
    ({
      data: { names },
    } = await octokit.rest.repos.getAllTopics({ owner, repo }));
  } catch (e) {
    throw describeGithubError(
      e,
      `read the topics of ${repoName}`,
      PERMISSIONS.topics,
    );
  }
  const missing = wanted.filter(t => !names.includes(t));
  if (!missing.length) return { status: 'unchanged' };
  try {
    await octokit.rest.repos.replaceAllTopics({
      owner,
      repo,
      names: [...names, ...missing],
    });
  } catch (e) {
    throw describeGithubError(
      e,
      `set the topics of ${repoName}`,
      PERMISSIONS.topics,
    );
  }
  return { status: 'updated', detail: `added ${missing.join(', ')}` };
}
