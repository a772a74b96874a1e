import { ECRClient } from '@aws-sdk/client-ecr';
import { ConfigReader } from '@backstage/config';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { mockClient } from 'aws-sdk-client-mock';
import { createTestContext } from '../__testUtils__/actionContext';
import { createEcrCreateAction } from './ecrCreate';
import { createGithubRepoConfigureAction } from './githubRepoConfigure';

// A dry run must refuse what the real run would have GitHub or AWS refuse,
// with a message that names the field and states the rule in words.

const ecrMock = mockClient(ECRClient);
const credentialsManager: jest.Mocked<AwsCredentialsManager> = {
  getCredentialProvider: jest.fn(),
};
const ecrAction = createEcrCreateAction({
  config: new ConfigReader({ launchpad: { aws: { ecr: { enabled: true } } } }),
  credentialsManager,
});
const githubAction = createGithubRepoConfigureAction({
  config: new ConfigReader({
    integrations: { github: [{ host: 'github.com', token: 'ghp_unused' }] },
  }),
});

const dryRun = async (
  action: typeof ecrAction | typeof githubAction,
  input: Record<string, unknown>,
) => {
  const run = createTestContext({ input, isDryRun: true });
  const error = await action.handler(run.ctx).then(
    () => undefined,
    e => e,
  );
  return { error, log: run.logLines().join('\n') };
};

/** Regular-expression syntax that has no place in a message meant for people. */
const RAW_PATTERN = /\[[A-Za-z]-|\]\*|\{\d+,\d*\}|\(\?:|\\d|\^\[/;

const x = (n: number, c = 'a') => c.repeat(n);
const repoUrl = (owner: string, repo: string) =>
  `github.com?owner=${encodeURIComponent(owner)}&repo=${encodeURIComponent(
    repo,
  )}`;
const manyNames = (count: number) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`NAME_${i}`, 'v']),
  );

beforeEach(() => {
  ecrMock.reset();
  credentialsManager.getCredentialProvider.mockClear();
});

afterAll(() => ecrMock.restore());

describe('launchpad:github:repo:configure dry run', () => {
  const base = { repoUrl: repoUrl('acme', 'payments-api') };

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'an owner with path characters',
      { repoUrl: repoUrl('../..', 'svc') },
      /repoUrl: owner may contain only letters, digits and hyphens/,
    ],
    [
      'an owner with a leading hyphen',
      { repoUrl: repoUrl('-acme', 'svc') },
      /repoUrl: owner must not start or end with a hyphen/,
    ],
    [
      'an owner with a trailing hyphen',
      { repoUrl: repoUrl('acme-', 'svc') },
      /repoUrl: owner must not start or end with a hyphen/,
    ],
    [
      'an owner with a double hyphen',
      { repoUrl: repoUrl('ac--me', 'svc') },
      /repoUrl: owner must not contain two hyphens in a row/,
    ],
    [
      'an owner of 40 characters',
      { repoUrl: repoUrl(x(40), 'svc') },
      /repoUrl: owner must be 1 to 39 characters/,
    ],
    [
      'a repository name with a space',
      { repoUrl: repoUrl('acme', 'bad name') },
      /repoUrl: repo may contain only letters, digits, '.', '_' and '-'/,
    ],
    [
      'a repository name of 101 characters',
      { repoUrl: repoUrl('acme', x(101)) },
      /repoUrl: repo must be 1 to 100 characters/,
    ],
    [
      "the repository name '..'",
      { repoUrl: repoUrl('acme', '..') },
      /repoUrl: repo must not be '.' or '..'/,
    ],
    [
      "the repository name '.'",
      { repoUrl: repoUrl('acme', '.') },
      /repoUrl: repo must not be '.' or '..'/,
    ],
    [
      'an environment name of 256 characters',
      { environments: [{ name: x(256) }] },
      /environments.0.name: must be 1 to 255 characters/,
    ],
    [
      'an environment name with a space',
      { environments: [{ name: 'prod eu' }] },
      /environments.0.name: may contain only letters, digits, '.', '_' and '-'/,
    ],
    [
      'two environments whose names differ only in case',
      { environments: [{ name: 'Production' }, { name: 'production' }] },
      /environments: environment names must be unique, ignoring case/,
    ],
    [
      'a reviewer login ending with a hyphen',
      {
        environments: [{ name: 'prod', reviewers: { users: ['octocat-'] } }],
      },
      /environments.0.reviewers.users.0: must not start or end with a hyphen/,
    ],
    [
      "a branch pattern with '..'",
      { environments: [{ name: 'prod', deploymentBranches: ['a..b'] }] },
      /environments.0.deploymentBranches.0: must not contain '..'/,
    ],
    [
      'a branch pattern with a space',
      {
        environments: [{ name: 'prod', deploymentBranches: ['my branch'] }],
      },
      /deploymentBranches.0: must not contain spaces or control characters/,
    ],
    [
      "a branch pattern with '~'",
      { environments: [{ name: 'prod', deploymentBranches: ['main~1'] }] },
      /deploymentBranches.0: must not contain '~', '\^', ':' or '\\'/,
    ],
    [
      "a branch pattern starting with '/'",
      { environments: [{ name: 'prod', deploymentBranches: ['/main'] }] },
      /deploymentBranches.0: must not start or end with '\/'/,
    ],
    [
      "a branch pattern with a part starting with '.'",
      {
        environments: [{ name: 'prod', deploymentBranches: ['release/.x'] }],
      },
      /deploymentBranches.0: must not have a part \(between '\/'\) that starts with '.'/,
    ],
    [
      "a branch pattern ending with '.lock'",
      { environments: [{ name: 'prod', deploymentBranches: ['main.lock'] }] },
      /deploymentBranches.0: must not end with '.' nor have a part that ends with '.lock'/,
    ],
    [
      'a branch pattern of 256 characters',
      { environments: [{ name: 'prod', deploymentBranches: [x(256)] }] },
      /deploymentBranches.0: must be 1 to 255 characters/,
    ],
    [
      'a secret name starting with a digit',
      { secrets: { '1PASSWORD': 'v' } },
      /secrets.1PASSWORD: name must not start with a digit/,
    ],
    [
      'a secret name starting with github_ in lower case',
      { secrets: { github_app_id: 'v' } },
      /secrets.github_app_id: name must not start with 'GITHUB_'/,
    ],
    [
      'two secret names that differ only in case',
      { secrets: { Sonar_Token: 'a', SONAR_TOKEN: 'b' } },
      /secrets.SONAR_TOKEN: name is the same as Sonar_Token to GitHub, which ignores case/,
    ],
    [
      'a secret larger than 48 KB',
      { secrets: { BIG: x(48 * 1024 + 1) } },
      /secrets.BIG: must be at most 48 KB/,
    ],
    [
      'more than 100 secrets',
      { secrets: manyNames(101) },
      /secrets: at most 100 secrets per repository/,
    ],
    [
      'a variable name with a space',
      { variables: { 'MY VAR': 'v' } },
      /variables.MY VAR: name must be letters, digits and underscores only \(no spaces\)/,
    ],
    [
      'a variable larger than 48 KB',
      { variables: { BIG: x(48 * 1024 + 1) } },
      /variables.BIG: must be at most 48 KB/,
    ],
    [
      'more than 500 variables',
      { variables: manyNames(501) },
      /variables: at most 500 variables per repository/,
    ],
    [
      'a team slug in upper case',
      { teams: [{ slug: 'Payments', permission: 'push' }] },
      /teams.0.slug: must be a team slug: lowercase letters, digits/,
    ],
  ])('refuses %s', async (_what, override, message) => {
    const { error, log } = await dryRun(githubAction, {
      ...base,
      ...override,
    });
    expect(error?.name).toBe('InputError');
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(RAW_PATTERN);
    expect(log).not.toMatch(/would reconcile/);
  });

  it.each<[string, Record<string, unknown>]>([
    [
      'an owner of 39 characters with single hyphens',
      { repoUrl: repoUrl(`a-${x(35)}-b`, 'svc') },
    ],
    [
      'a repository name of 100 characters with . _ -',
      { repoUrl: repoUrl('acme', `.github_${x(86)}-v1.0`) },
    ],
    [
      'an environment name of 255 characters',
      { environments: [{ name: x(255) }] },
    ],
    [
      'branch patterns with wildcards and slashes',
      {
        environments: [
          {
            name: 'prod',
            deploymentBranches: ['main', 'release/*', 'feature/**', 'v[0-9]*'],
          },
        ],
      },
    ],
    [
      '100 secrets and 500 variables with valid names',
      {
        secrets: { ...manyNames(99), _PRIVATE: 'v' },
        variables: { ...manyNames(499), GITHUBX: x(48 * 1024) },
      },
    ],
  ])('accepts %s', async (_what, override) => {
    const { error, log } = await dryRun(githubAction, {
      ...base,
      ...override,
    });
    expect(error).toBeUndefined();
    expect(log).toMatch(
      /Dry run: would reconcile .*No call to GitHub was made/,
    );
  });
});

describe('launchpad:aws:ecr:create dry run', () => {
  const base = { repositoryName: 'svc', region: 'eu-west-1' };
  const statement = {
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::210987654321:root' },
    Action: 'ecr:BatchGetImage',
  };
  const rule = (overrides: Record<string, unknown> = {}) => ({
    rulePriority: 1,
    selection: {
      tagStatus: 'untagged',
      countType: 'sinceImagePushed',
      countUnit: 'days',
      countNumber: 7,
    },
    action: { type: 'expire' },
    ...overrides,
  });
  const raw = (...rules: unknown[]) => ({
    lifecyclePolicy: { raw: { rules } },
  });
  const manyTags = (count: number, keyLength = 1, value = 'v') =>
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => [
        String(i).padEnd(keyLength, 'k'),
        value,
      ]),
    );

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'a repository name of 1 character',
      { repositoryName: 'a' },
      /repositoryName: must be 2 to 256 characters/,
    ],
    [
      'a repository name of 257 characters',
      { repositoryName: x(257) },
      /repositoryName: must be 2 to 256 characters/,
    ],
    [
      'a repository name in upper case',
      { repositoryName: 'Payments' },
      /repositoryName: must follow ECR naming rules: lowercase letters and digits/,
    ],
    [
      'a repository name with an empty path part',
      { repositoryName: 'team//svc' },
      /repositoryName: must follow ECR naming rules/,
    ],
    [
      'a repository name ending with a separator',
      { repositoryName: 'svc-' },
      /repositoryName: must follow ECR naming rules/,
    ],
    [
      'a region in upper case',
      { region: 'EU-WEST-1' },
      /region: is not an AWS region name such as eu-west-1/,
    ],
    [
      '51 tags',
      { tags: manyTags(51) },
      /tags: at most 50 tags per repository \(ECR limit\)/,
    ],
    [
      "a tag key starting with 'aws:'",
      { tags: { 'aws:owner': 'team-a' } },
      /tags.aws:owner: key must not start with 'aws:' \(reserved by AWS\)/,
    ],
    [
      "a tag key starting with 'AWS:'",
      { tags: { 'AWS:owner': 'team-a' } },
      /tags.AWS:owner: key must not start with 'aws:'/,
    ],
    [
      "a tag value starting with 'aws:'",
      { tags: { owner: 'aws:team' } },
      /tags.owner: value must not start with 'aws:'/,
    ],
    [
      'a tag key of 129 characters',
      { tags: { [x(129)]: 'v' } },
      /key must be at most 128 characters/,
    ],
    [
      'a tag value of 257 characters',
      { tags: { owner: x(257) } },
      /tags.owner: value must be at most 256 characters/,
    ],
    [
      'an empty tag key',
      { tags: { '': 'v' } },
      /tags: a tag key must not be empty/,
    ],
    [
      'a repository policy that is a list',
      { repositoryPolicy: [1, 2] },
      /repositoryPolicy: must be a JSON object, or JSON text of one/,
    ],
    [
      'a repository policy that is the JSON text of a list',
      { repositoryPolicy: '[1,2]' },
      /repositoryPolicy: must be a JSON object with "Version" and "Statement"/,
    ],
    [
      'a repository policy that is not JSON',
      { repositoryPolicy: '{nope' },
      /repositoryPolicy: is not valid JSON/,
    ],
    [
      'a repository policy without Statement',
      { repositoryPolicy: { Version: '2012-10-17' } },
      /repositoryPolicy: Statement must be a non-empty list of statements/,
    ],
    [
      'a repository policy with an empty Statement list',
      { repositoryPolicy: { Version: '2012-10-17', Statement: [] } },
      /repositoryPolicy: Statement must be a non-empty list of statements/,
    ],
    [
      'a repository policy with an unknown Version',
      { repositoryPolicy: { Version: '2024-01-01', Statement: [statement] } },
      /repositoryPolicy: Version must be one of '2012-10-17', '2008-10-17'/,
    ],
    [
      'a repository policy statement with a wrong Effect',
      {
        repositoryPolicy: {
          Version: '2012-10-17',
          Statement: [{ ...statement, Effect: 'allow' }],
        },
      },
      /repositoryPolicy: Statement\[0\].Effect must be one of 'Allow', 'Deny'/,
    ],
    [
      'a repository policy statement without Principal',
      {
        repositoryPolicy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'ecr:BatchGetImage' }],
        },
      },
      /repositoryPolicy: Statement\[0\] needs a Principal/,
    ],
    [
      'a repository policy statement without Action',
      {
        repositoryPolicy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*' }],
        },
      },
      /repositoryPolicy: Statement\[0\] needs an Action/,
    ],
    [
      'a repository policy longer than 10240 characters',
      {
        repositoryPolicy: {
          Version: '2012-10-17',
          Statement: [{ ...statement, Sid: x(10240) }],
        },
      },
      /repositoryPolicy: must be at most 10240 characters as JSON text/,
    ],
    [
      'a lifecycle policy that is the JSON text of a list',
      { lifecyclePolicy: { raw: '[1,2]' } },
      /lifecyclePolicy.raw: must be a JSON object with "rules", a non-empty list of rules/,
    ],
    [
      'a lifecycle policy without rules',
      raw(),
      /lifecyclePolicy.raw: must be a JSON object with "rules"/,
    ],
    [
      'a lifecycle rule with priority 0',
      raw(rule({ rulePriority: 0 })),
      /lifecyclePolicy.raw: rules\[0\].rulePriority must be a whole number of at least 1/,
    ],
    [
      'two lifecycle rules with the same priority',
      raw(rule(), rule()),
      /rules\[1\].rulePriority must be unique: another rule has 1/,
    ],
    [
      "a lifecycle rule for 'any' tag status that is not the last",
      raw(
        rule({
          selection: {
            tagStatus: 'any',
            countType: 'imageCountMoreThan',
            countNumber: 5,
          },
        }),
        rule({ rulePriority: 2 }),
      ),
      /rules\[0\]: a rule with tagStatus 'any' must have the highest rulePriority/,
    ],
    [
      'a lifecycle rule for tagged images without a tag list',
      raw(
        rule({
          selection: {
            tagStatus: 'tagged',
            countType: 'imageCountMoreThan',
            countNumber: 5,
          },
        }),
      ),
      /rules\[0\].selection: tagStatus 'tagged' needs a non-empty tagPrefixList or tagPatternList/,
    ],
    [
      'a lifecycle rule for untagged images with a tag list',
      raw(
        rule({
          selection: {
            tagStatus: 'untagged',
            tagPrefixList: ['v'],
            countType: 'imageCountMoreThan',
            countNumber: 5,
          },
        }),
      ),
      /rules\[0\].selection: tagPrefixList and tagPatternList are only allowed with tagStatus 'tagged'/,
    ],
    [
      'a lifecycle rule counting days without a unit',
      raw(
        rule({
          selection: {
            tagStatus: 'untagged',
            countType: 'sinceImagePushed',
            countNumber: 5,
          },
        }),
      ),
      /rules\[0\].selection.countUnit must be 'days' with countType sinceImagePushed/,
    ],
    [
      'a lifecycle rule counting images with a unit',
      raw(
        rule({
          selection: {
            tagStatus: 'untagged',
            countType: 'imageCountMoreThan',
            countUnit: 'days',
            countNumber: 5,
          },
        }),
      ),
      /rules\[0\].selection.countUnit is only allowed with the countType of an age/,
    ],
    [
      'a lifecycle rule with an unknown count type',
      raw(
        rule({
          selection: {
            tagStatus: 'untagged',
            countType: 'imageCountLessThan',
            countNumber: 5,
          },
        }),
      ),
      /rules\[0\].selection.countType must be one of 'imageCountMoreThan', 'sinceImagePushed'/,
    ],
    [
      'a lifecycle rule with a fractional count',
      raw(
        rule({
          selection: {
            tagStatus: 'untagged',
            countType: 'sinceImagePushed',
            countUnit: 'days',
            countNumber: 1.5,
          },
        }),
      ),
      /rules\[0\].selection.countNumber must be a whole number of at least 1/,
    ],
    [
      'a lifecycle rule with an unknown action',
      raw(rule({ action: { type: 'delete' } })),
      /rules\[0\].action.type must be one of 'expire', 'transition'/,
    ],
    [
      'a lifecycle transition to somewhere other than the archive',
      raw(
        rule({ action: { type: 'transition', targetStorageClass: 'glacier' } }),
      ),
      /rules\[0\].action.targetStorageClass must be 'archive' for a transition/,
    ],
    [
      'a lifecycle policy longer than 30720 characters',
      raw(rule({ description: x(30720) })),
      /lifecyclePolicy.raw: must be at most 30720 characters as JSON text/,
    ],
  ])('refuses %s', async (_what, override, message) => {
    const { error, log } = await dryRun(ecrAction, { ...base, ...override });
    expect(error?.name).toBe('InputError');
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(RAW_PATTERN);
    expect(log).not.toMatch(/would create/);
  });

  it.each<[string, Record<string, unknown>]>([
    [
      'a repository name of 256 characters with path parts',
      { repositoryName: `team/${x(120)}.api_v2-x/${x(121)}` },
    ],
    [
      '50 tags with keys of 128 and values of 256 characters, and an empty value',
      {
        tags: {
          ...manyTags(49, 128, x(256)),
          empty: '',
        },
      },
    ],
    [
      'a lifecycle policy that archives, then expires tagged and untagged images',
      raw(
        rule({
          rulePriority: 1,
          selection: {
            tagStatus: 'tagged',
            tagPatternList: ['prod*'],
            countType: 'sinceImagePulled',
            countUnit: 'days',
            countNumber: 90,
          },
          action: { type: 'transition', targetStorageClass: 'archive' },
        }),
        rule({ rulePriority: 5 }),
        rule({
          rulePriority: 10,
          selection: {
            tagStatus: 'any',
            countType: 'imageCountMoreThan',
            countNumber: 100,
          },
        }),
      ),
    ],
    [
      'a repository policy as JSON text with a single statement object',
      {
        repositoryPolicy: JSON.stringify({
          Version: '2008-10-17',
          Statement: statement,
        }),
      },
    ],
  ])('accepts %s', async (_what, override) => {
    const { error, log } = await dryRun(ecrAction, { ...base, ...override });
    expect(error).toBeUndefined();
    expect(log).toMatch(/Dry run: would create ECR .*No AWS call was made/);
    expect(ecrMock.calls()).toHaveLength(0);
    expect(credentialsManager.getCredentialProvider).not.toHaveBeenCalled();
  });
});
