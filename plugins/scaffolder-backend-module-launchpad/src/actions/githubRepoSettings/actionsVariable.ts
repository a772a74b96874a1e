import { describeGithubError, statusOf } from '../../lib/github/errors';
import { GithubTarget, LaunchpadOctokitClient } from '../../lib/github/octokit';
import { ItemResult } from './itemResult';
import { PERMISSIONS } from './permissions';

export async function reconcileActionsVariable(
  octokit: LaunchpadOctokitClient,
  { owner, repo }: GithubTarget,
  name: string,
  value: string,
): Promise<ItemResult> {
  const repoName = `${owner}/${repo}`;
  const what = `read Actions variable ${name} of ${repoName}`;
  let current: string | undefined;
  try {
    const { data } = await octokit.rest.actions.getRepoVariable({
      owner,
      repo,
      name,
    });
    current = data.value;
  } catch (e) {
    if (statusOf(e) !== 404)
      throw describeGithubError(e, what, PERMISSIONS.variables);
  }
  if (current === value) return { status: 'unchanged' };
  const variable = { owner, repo, name, value };
  try {
    if (current === undefined) {
      await octokit.rest.actions.createRepoVariable(variable);
      return { status: 'created' };
    }
    await octokit.rest.actions.updateRepoVariable(variable);
    return { status: 'updated' };
  } catch (e) {
    throw describeGithubError(
      e,
      `write Actions variable ${name} of ${repoName}`,
      PERMISSIONS.variables,
    );
  }
}
