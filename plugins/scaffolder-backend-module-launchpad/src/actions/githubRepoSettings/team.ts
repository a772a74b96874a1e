import { describeGithubError } from '../../lib/github/errors';
import { GithubTarget, LaunchpadOctokitClient } from '../../lib/github/octokit';
import { Input } from './inputSchema';
import { ItemResult } from './itemResult';
import { PERMISSIONS } from './permissions';

export async function reconcileTeam(
  octokit: LaunchpadOctokitClient,
  { owner, repo }: GithubTarget,
  team: NonNullable<Input['teams']>[number],
): Promise<ItemResult> {
  const repoName = `${owner}/${repo}`;
  let current: string | undefined;
  try {
    const teams = await octokit.paginate(octokit.rest.repos.listTeams, {
      owner,
      repo,
      per_page: 100,
    });
    current = teams.find(t => t.slug === team.slug)?.permission;
  } catch (e) {
    throw describeGithubError(
      e,
      `list the teams of ${repoName}`,
      PERMISSIONS.teams,
    );
  }
  if (current === team.permission)
    return { status: 'unchanged', detail: team.permission };
  try {
    await octokit.rest.teams.addOrUpdateRepoPermissionsInOrg({
      org: owner,
      team_slug: team.slug,
      owner,
      repo,
      permission: team.permission,
    });
  } catch (e) {
    throw describeGithubError(
      e,
      `grant team ${team.slug} ${team.permission} on ${repoName}`,
      PERMISSIONS.teams,
    );
  }
  return {
    status: current ? 'updated' : 'created',
    detail: current ? `${current} -> ${team.permission}` : team.permission,
  };
}
