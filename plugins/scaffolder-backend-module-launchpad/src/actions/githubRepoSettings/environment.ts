import { InputError } from '@backstage/errors';
import {
  describeGithubError,
  githubMessageOf,
  statusOf,
} from '../../lib/github/errors';
import { GithubTarget, LaunchpadOctokitClient } from '../../lib/github/octokit';
import { Input } from './inputSchema';
import { ItemResult, sameSet } from './itemResult';
import { PERMISSIONS } from './permissions';

export async function reconcileEnvironment(
  octokit: LaunchpadOctokitClient,
  { owner, repo }: GithubTarget,
  input: NonNullable<Input['environments']>[number],
): Promise<ItemResult> {
  const name = input.name;
  const errorFor = (e: unknown, what: string) =>
    describeGithubError(
      e,
      `${what} environment ${name} of ${owner}/${repo}`,
      PERMISSIONS.environments,
    );

  const reviewers: { type: 'User' | 'Team'; id: number }[] = [];
  try {
    for (const username of input.reviewers?.users ?? []) {
      const { data } = await octokit.rest.users.getByUsername({ username });
      reviewers.push({ type: 'User', id: data.id });
    }
    for (const slug of input.reviewers?.teams ?? []) {
      const { data } = await octokit.rest.teams.getByName({
        org: owner,
        team_slug: slug,
      });
      reviewers.push({ type: 'Team', id: data.id });
    }
  } catch (e) {
    if (statusOf(e) === 404) {
      throw new InputError(
        `Invalid input: environments.${name}.reviewers: ${githubMessageOf(
          e,
        )} (a user or team of ${owner} that the token cannot see or that does not exist)`,
      );
    }
    throw errorFor(e, 'resolve the reviewers of');
  }

  const branches = input.deploymentBranches ?? 'all';
  let desiredPolicy: {
    protected_branches: boolean;
    custom_branch_policies: boolean;
  } | null = null;
  if (branches === 'protected') {
    desiredPolicy = { protected_branches: true, custom_branch_policies: false };
  } else if (Array.isArray(branches)) {
    desiredPolicy = { protected_branches: false, custom_branch_policies: true };
  }
  const desiredWait = input.waitTimer ?? 0;

  let current:
    | Awaited<ReturnType<typeof octokit.rest.repos.getEnvironment>>['data']
    | undefined;
  try {
    ({ data: current } = await octokit.rest.repos.getEnvironment({
      owner,
      repo,
      environment_name: name,
    }));
  } catch (e) {
    if (statusOf(e) !== 404) throw errorFor(e, 'read');
  }

  let changed = !current;
  if (current) {
    const rules = current.protection_rules ?? [];
    const wait = rules.find(r => r.type === 'wait_timer') as
      | { wait_timer?: number }
      | undefined;
    const reviewerRule = rules.find(r => r.type === 'required_reviewers') as
      | {
          reviewers?: { type?: string; reviewer?: { id?: number } | null }[];
          prevent_self_review?: boolean;
        }
      | undefined;
    const currentReviewers = (reviewerRule?.reviewers ?? []).map(
      r => `${r.type}:${r.reviewer?.id}`,
    );
    const policy = current.deployment_branch_policy ?? null;
    changed =
      (wait?.wait_timer ?? 0) !== desiredWait ||
      !sameSet(
        currentReviewers,
        reviewers.map(r => `${r.type}:${r.id}`),
      ) ||
      (input.preventSelfReview !== undefined &&
        reviewers.length > 0 &&
        (reviewerRule?.prevent_self_review ?? false) !==
          input.preventSelfReview) ||
      JSON.stringify(
        policy && {
          protected_branches: policy.protected_branches,
          custom_branch_policies: policy.custom_branch_policies,
        },
      ) !== JSON.stringify(desiredPolicy);
  }

  if (changed) {
    try {
      await octokit.rest.repos.createOrUpdateEnvironment({
        owner,
        repo,
        environment_name: name,
        wait_timer: desiredWait,
        ...(input.preventSelfReview !== undefined
          ? { prevent_self_review: input.preventSelfReview }
          : {}),
        reviewers,
        deployment_branch_policy: desiredPolicy,
      });
    } catch (e) {
      throw errorFor(e, current ? 'update' : 'create');
    }
  }

  const added: string[] = [];
  if (Array.isArray(branches)) {
    try {
      const { data } = await octokit.rest.repos.listDeploymentBranchPolicies({
        owner,
        repo,
        environment_name: name,
        per_page: 100,
      });
      const existing = new Set(data.branch_policies.map(p => p.name));
      for (const pattern of branches.filter(b => !existing.has(b))) {
        await octokit.rest.repos.createDeploymentBranchPolicy({
          owner,
          repo,
          environment_name: name,
          name: pattern,
          type: 'branch',
        });
        added.push(pattern);
      }
    } catch (e) {
      throw errorFor(e, 'set the deployment branch policies of');
    }
  }

  if (!current) return { status: 'created' };
  if (changed || added.length) {
    return {
      status: 'updated',
      ...(added.length
        ? { detail: `branch policies added: ${added.join(', ')}` }
        : {}),
    };
  }
  return { status: 'unchanged' };
}
