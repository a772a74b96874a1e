import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';
import {
  GITHUB_ACCOUNT_NAME_RULES,
  GITHUB_REPOSITORY_NAME_RULES,
} from './github/names';
import { PublishSettings } from './publishSettings';
import { followsRules } from './rules';

/**
 * The value of the LaunchpadRepoLocation form field: where the new repository
 * goes. `repo` defaults to the service name.
 */
export const repoLocationSchema = (zImpl: typeof z) =>
  zImpl
    .object(
      {
        target: zImpl.enum(['local', 'github']),
        owner: zImpl
          .string()
          .superRefine(followsRules(GITHUB_ACCOUNT_NAME_RULES))
          .optional(),
        repo: zImpl
          .string()
          .superRefine(followsRules(GITHUB_REPOSITORY_NAME_RULES))
          .optional(),
      },
      {
        description:
          "The LaunchpadRepoLocation form field's value: { target: 'local' } or { target: 'github', owner, repo? }",
      },
    )
    .refine(l => l.target === 'local' || Boolean(l.owner), {
      message: 'owner is required when target is github',
      path: ['owner'],
    });

export type RepoLocation = z.output<ReturnType<typeof repoLocationSchema>>;

export type ResolvedLocation =
  | { target: 'local'; repo: string }
  | { target: 'github'; host: string; owner: string; repo: string };

/**
 * Checks a location against the portal's configuration: the form may only
 * ask for the target this backend publishes to, and on GitHub only for an
 * allowed owner.
 */
export function resolveLocation(
  location: RepoLocation,
  repoName: string,
  settings: PublishSettings,
): ResolvedLocation {
  if (location.target !== settings.target) {
    throw new InputError(
      `Invalid input: location.target: this portal publishes to ${
        settings.target === 'local' ? 'local repositories' : 'GitHub'
      }, not to ${location.target}`,
    );
  }
  const repo = location.repo ?? repoName;
  if (location.target === 'local') {
    return { target: 'local', repo };
  }
  const owner = location.owner!;
  const allowed = settings.github.allowedOwners;
  if (
    allowed.length &&
    !allowed.some(a => a.toLowerCase() === owner.toLowerCase())
  ) {
    throw new InputError(
      `Invalid input: location.owner: new repositories may only be created under ${allowed.join(
        ', ',
      )}`,
    );
  }
  return { target: 'github', host: settings.github.host, owner, repo };
}
