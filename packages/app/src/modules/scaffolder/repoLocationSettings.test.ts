import { mockApis } from '@backstage/frontend-test-utils';
import {
  readRepoLocationSettings,
  repoLocationProblem,
} from './repoLocationSettings';

const settings = (publish: object) =>
  readRepoLocationSettings(
    mockApis.config({ data: { launchpad: { publish } } }),
  );

describe('LaunchpadRepoLocation', () => {
  it('accepts the local target on a portal that publishes locally', () => {
    expect(
      repoLocationProblem({ target: 'local' }, settings({ target: 'local' })),
    ).toBeUndefined();
  });

  it('treats a portal without launchpad.publish.target as local', () => {
    expect(settings({}).target).toBe('local');
  });

  const github = settings({
    target: 'github',
    github: { allowedOwners: ['acme', 'acme-labs'] },
  });

  it('accepts an allowed owner on GitHub, the repository name being optional', () => {
    expect(
      repoLocationProblem({ target: 'github', owner: 'acme' }, github),
    ).toBeUndefined();
    expect(
      repoLocationProblem(
        { target: 'github', owner: 'Acme-Labs', repo: 'orders.api' },
        github,
      ),
    ).toBeUndefined();
  });

  it.each([
    [{ target: 'local' }, 'Choose the GitHub owner of the new repository.'],
    [{ target: 'github' }, 'Choose the GitHub owner of the new repository.'],
    [
      { target: 'github', owner: 'someone' },
      'New repositories can only be created under acme, acme-labs.',
    ],
    [
      { target: 'github', owner: 'acme', repo: 'a b' },
      "A repository name has at most 100 letters, digits, '.', '_' and '-'.",
    ],
  ] as const)('refuses %j in words', (location, message) => {
    expect(repoLocationProblem(location as any, github)).toBe(message);
  });

  it('refuses an owner GitHub would not accept when any owner is allowed', () => {
    expect(
      repoLocationProblem(
        { target: 'github', owner: '-acme' },
        settings({ target: 'github' }),
      ),
    ).toBe(
      'A GitHub owner has at most 39 letters, digits and single hyphens, and does not start or end with a hyphen.',
    );
  });
});
