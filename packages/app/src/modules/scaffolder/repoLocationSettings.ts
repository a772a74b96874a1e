import { ConfigApi } from '@backstage/core-plugin-api';

export type RepoLocation = {
  target: 'local' | 'github';
  owner?: string;
  repo?: string;
};

export type RepoLocationSettings = {
  target: 'local' | 'github';
  host: string;
  allowedOwners: string[];
};

/**
 * The frontend-visible part of launchpad.publish: where this portal creates
 * repositories. The backend reads the same keys and refuses anything else.
 */
export function readRepoLocationSettings(
  config: ConfigApi,
): RepoLocationSettings {
  return {
    target:
      config.getOptionalString('launchpad.publish.target') === 'github'
        ? 'github'
        : 'local',
    host:
      config.getOptionalString('launchpad.publish.github.host') ?? 'github.com',
    allowedOwners:
      config.getOptionalStringArray('launchpad.publish.github.allowedOwners') ??
      [],
  };
}

const GITHUB_OWNER = /^[A-Za-z0-9](?:-?[A-Za-z0-9])*$/;
const GITHUB_REPOSITORY = /^[A-Za-z0-9._-]+$/;

/** What is wrong with a location for this portal, in words; undefined when nothing is. */
export function repoLocationProblem(
  location: RepoLocation | undefined,
  settings: RepoLocationSettings,
): string | undefined {
  if (!location || location.target !== settings.target) {
    return settings.target === 'github'
      ? 'Choose the GitHub owner of the new repository.'
      : 'This portal creates local repositories; reload the page to pick that up.';
  }
  if (location.target === 'local') {
    return undefined;
  }
  const { owner, repo } = location;
  if (!owner) {
    return 'Choose the GitHub owner of the new repository.';
  }
  if (owner.length > 39 || !GITHUB_OWNER.test(owner)) {
    return 'A GitHub owner has at most 39 letters, digits and single hyphens, and does not start or end with a hyphen.';
  }
  if (
    settings.allowedOwners.length &&
    !settings.allowedOwners.some(a => a.toLowerCase() === owner.toLowerCase())
  ) {
    return `New repositories can only be created under ${settings.allowedOwners.join(
      ', ',
    )}.`;
  }
  if (
    repo !== undefined &&
    (repo.length > 100 ||
      !GITHUB_REPOSITORY.test(repo) ||
      repo === '.' ||
      repo === '..')
  ) {
    return "A repository name has at most 100 letters, digits, '.', '_' and '-'.";
  }
  return undefined;
}
