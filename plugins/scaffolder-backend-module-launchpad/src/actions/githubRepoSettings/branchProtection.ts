import {
  describeGithubError,
  githubMessageOf,
  statusOf,
} from '../../lib/github/errors';
import { GithubTarget, LaunchpadOctokitClient } from '../../lib/github/octokit';
import { Input } from './inputSchema';
import { ItemResult, sameSet } from './itemResult';
import { PERMISSIONS } from './permissions';
import { withNotFoundRetry } from './retryNotFound';

export async function reconcileBranchProtection(
  octokit: LaunchpadOctokitClient,
  { owner, repo }: GithubTarget,
  branch: string,
  input: NonNullable<Input['branchProtection']>,
  delaysMs: number[],
): Promise<ItemResult> {
  const desired = {
    contexts: input.requiredStatusChecks ?? [],
    strict: input.strictStatusChecks ?? true,
    reviews: input.requiredApprovingReviewCount ?? 1,
    dismissStale: input.dismissStaleReviews ?? true,
    codeOwners: input.requireCodeOwnerReviews ?? false,
    enforceAdmins: input.enforceAdmins ?? false,
  };
  const what = `read the protection of ${branch} in ${owner}/${repo}`;
  let current:
    | Awaited<ReturnType<typeof octokit.rest.repos.getBranchProtection>>['data']
    | undefined;
  try {
    ({ data: current } = await withNotFoundRetry(
      delaysMs,
      () => octokit.rest.repos.getBranchProtection({ owner, repo, branch }),
      // The default branch of a repository pushed a moment ago may not be visible yet.
      e => statusOf(e) === 404 && /branch not found/i.test(githubMessageOf(e)),
      () => {},
    ));
  } catch (e) {
    const message = githubMessageOf(e);
    if (statusOf(e) === 404 && /branch not found/i.test(message)) {
      return {
        status: 'skipped',
        detail: `branch ${branch} does not exist yet; push a first commit, then run again`,
      };
    }
    if (!(statusOf(e) === 404 && /not protected/i.test(message))) {
      throw describeGithubError(e, what, PERMISSIONS.branchProtection);
    }
  }
  if (current) {
    const checks = current.required_status_checks;
    const reviews = current.required_pull_request_reviews;
    const matches =
      sameSet(checks?.contexts ?? [], desired.contexts) &&
      (desired.contexts.length === 0 ||
        (checks?.strict ?? false) === desired.strict) &&
      (reviews?.required_approving_review_count ?? 0) === desired.reviews &&
      (reviews?.dismiss_stale_reviews ?? false) === desired.dismissStale &&
      (reviews?.require_code_owner_reviews ?? false) === desired.codeOwners &&
      (current.enforce_admins?.enabled ?? false) === desired.enforceAdmins;
    if (matches) return { status: 'unchanged' };
  }
  try {
    await octokit.rest.repos.updateBranchProtection({
      owner,
      repo,
      branch,
      required_status_checks: desired.contexts.length
        ? { strict: desired.strict, contexts: desired.contexts }
        : null,
      enforce_admins: desired.enforceAdmins,
      required_pull_request_reviews: {
        required_approving_review_count: desired.reviews,
        dismiss_stale_reviews: desired.dismissStale,
        require_code_owner_reviews: desired.codeOwners,
      },
      restrictions: null,
    });
  } catch (e) {
    throw describeGithubError(
      e,
      `protect ${branch} in ${owner}/${repo}`,
      PERMISSIONS.branchProtection,
    );
  }
  return { status: current ? 'updated' : 'created' };
}
