import { NotFoundError } from '@backstage/errors';
import { describeGithubError, statusOf } from '../../lib/github/errors';
import { GithubTarget, LaunchpadOctokitClient } from '../../lib/github/octokit';
import { PERMISSIONS } from './permissions';
import { withNotFoundRetry } from './retryNotFound';

export async function getDefaultBranch(
  octokit: LaunchpadOctokitClient,
  { owner, repo }: GithubTarget,
  delaysMs: number[],
  logger: { info(m: string): void },
): Promise<string> {
  try {
    const { data } = await withNotFoundRetry(
      delaysMs,
      () => octokit.rest.repos.get({ owner, repo }),
      e => statusOf(e) === 404,
      (attempt, delay) =>
        logger.info(
          `GitHub does not show ${owner}/${repo} yet (new repositories take a moment); retry ${attempt} of ${delaysMs.length} in ${delay} ms`,
        ),
    );
    return data.default_branch;
  } catch (e) {
    if (statusOf(e) === 404) {
      throw new NotFoundError(
        `Repository ${owner}/${repo} not found after ${
          delaysMs.length + 1
        } attempts, or the token cannot see it (it needs ${
          PERMISSIONS.repository
        })`,
      );
    }
    throw describeGithubError(
      e,
      `read ${owner}/${repo}`,
      PERMISSIONS.repository,
    );
  }
}
