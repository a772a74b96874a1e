import { describeGithubError, statusOf } from '../../lib/github/errors';
import { GithubTarget, LaunchpadOctokitClient } from '../../lib/github/octokit';
import { sealSecret } from '../../lib/github/sealSecret';
import { ItemResult } from './itemResult';
import { PERMISSIONS } from './permissions';

/**
 * GitHub never reveals a secret, so an existing one is only replaced when
 * `overwrite` is set.
 */
export async function reconcileActionsSecret(
  octokit: LaunchpadOctokitClient,
  { owner, repo }: GithubTarget,
  name: string,
  value: string,
  overwrite: boolean | undefined,
): Promise<ItemResult> {
  const repoName = `${owner}/${repo}`;
  let exists = false;
  try {
    await octokit.rest.actions.getRepoSecret({
      owner,
      repo,
      secret_name: name,
    });
    exists = true;
  } catch (e) {
    if (statusOf(e) !== 404) {
      throw describeGithubError(
        e,
        `read Actions secret ${name} of ${repoName}`,
        PERMISSIONS.secrets,
      );
    }
  }
  if (exists && !overwrite) {
    return {
      status: 'unchanged',
      detail:
        'exists; GitHub never reveals a secret, set overwriteSecrets to replace it',
    };
  }
  try {
    const { data: key } = await octokit.rest.actions.getRepoPublicKey({
      owner,
      repo,
    });
    await octokit.rest.actions.createOrUpdateRepoSecret({
      owner,
      repo,
      secret_name: name,
      key_id: key.key_id,
      encrypted_value: await sealSecret(key.key, value),
    });
  } catch (e) {
    throw describeGithubError(
      e,
      `write Actions secret ${name} of ${repoName}`,
      PERMISSIONS.secrets,
    );
  }
  return { status: exists ? 'updated' : 'created' };
}
