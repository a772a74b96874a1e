import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { createTestContext } from '../__testUtils__/actionContext';
import { FakeGithub } from '../__testUtils__/fakeGithub';
import { throttleOverrides } from '../__testUtils__/throttleOverrides';
import { createGithubRepoConfigureAction } from './githubRepoConfigure';
import { examples } from './githubRepoConfigure.examples';

const INTEGRATION_TOKEN = 'ghp_integrationTOKEN0000000000000000000000';
const USER_TOKEN = 'gho_userTOKEN11111111111111111111111111111';
const WEBHOOK_SECRET = 'whsec-Launchpad-7f3a9c2e5b';
const SECRET_VALUE = 'sonar-SECRET-value-4242';

// the webhook goes to the backend's events ingress, signed with the secret it checks
const config = new ConfigReader({
  backend: { baseUrl: 'https://launchpad.example.com' },
  integrations: { github: [{ host: 'github.com', token: INTEGRATION_TOKEN }] },
  events: { modules: { github: { webhookSecret: WEBHOOK_SECRET } } },
});

const fullInput = {
  repoUrl: 'github.com?owner=acme&repo=payments-api',
  branchProtection: {
    requiredStatusChecks: ['build', 'test'],
    requiredApprovingReviewCount: 2,
    requireCodeOwnerReviews: true,
  },
  environments: [
    { name: 'staging', deploymentBranches: ['main', 'release/*'] },
    {
      name: 'production',
      reviewers: { users: ['octocat'], teams: ['payments'] },
      waitTimer: 5,
      deploymentBranches: 'protected',
    },
  ],
  aws: {
    roleArn: 'arn:aws:iam::123456789012:role/github-payments-api',
    ecrRepository: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments-api',
    region: 'eu-west-1',
  },
  variables: { SERVICE_TIER: 'tier-1' },
  secrets: { SONAR_TOKEN: SECRET_VALUE },
  teams: [
    { slug: 'payments', permission: 'maintain' },
    { slug: 'platform', permission: 'pull' },
  ],
  topics: ['launchpad', 'payments'],
  webhook: {},
};

describe('launchpad:github:repo:configure', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let github: FakeGithub;
  beforeEach(async () => {
    github = await new FakeGithub().init();
    server.use(...github.handlers());
  });

  const action = (delays = [1, 1, 1]) =>
    createGithubRepoConfigureAction({
      config,
      notFoundRetryDelaysMs: delays,
      throttleOverrides,
    });

  it('configures a repository that GitHub only shows after a few 404s', async () => {
    github.notFoundLookups = 2;
    const { ctx, outputs, logLines } = createTestContext({ input: fullInput });

    await action().handler(ctx);

    expect(
      github.requests.filter(r => r.path === '/repos/acme/payments-api'),
    ).toHaveLength(3);
    expect(logLines().join('\n')).toMatch(
      /does not show acme\/payments-api yet.*retry 2 of 3/s,
    );

    expect(github.protection).toEqual({
      contexts: ['build', 'test'],
      strict: true,
      reviews: 2,
      dismissStale: true,
      codeOwners: true,
      enforceAdmins: false,
    });
    expect(github.environments.get('staging')).toMatchObject({
      reviewers: [],
      policy: { protected_branches: false, custom_branch_policies: true },
      branchPolicies: ['main', 'release/*'],
    });
    expect(github.environments.get('production')).toMatchObject({
      waitTimer: 5,
      reviewers: [
        { type: 'User', id: 1 },
        { type: 'Team', id: 101 },
      ],
      policy: { protected_branches: true, custom_branch_policies: false },
    });
    expect(Object.fromEntries(github.variables)).toEqual({
      SERVICE_TIER: 'tier-1',
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/github-payments-api',
      ECR_REPOSITORY:
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments-api',
      AWS_REGION: 'eu-west-1',
    });
    // Sealed with the repository key: only the private key opens it.
    expect(github.unseal(github.secrets.get('SONAR_TOKEN')!)).toBe(
      SECRET_VALUE,
    );
    expect(Object.fromEntries(github.teams)).toEqual({
      payments: 'maintain',
      platform: 'pull',
    });
    expect(github.topics).toEqual(['existing-topic', 'launchpad', 'payments']);
    expect(github.hooks).toEqual([
      expect.objectContaining({
        url: 'https://launchpad.example.com/api/events/http/github',
        content_type: 'json',
        insecure_ssl: '0',
        secret: WEBHOOK_SECRET,
        active: true,
        events: [
          'push',
          'pull_request',
          'deployment_status',
          'workflow_run',
          'workflow_job',
          'issues',
        ],
      }),
    ]);

    expect(outputs().defaultBranch).toBe('main');
    expect(outputs().changes).toBe(12);
    expect(outputs().warnings).toEqual([]);
    // The integration's token was used (no user token given).
    expect(new Set(github.requests.map(r => r.authorization))).toEqual(
      new Set([`token ${INTEGRATION_TOKEN}`]),
    );
  });

  it('configures the repository the LaunchpadRepoLocation field names', async () => {
    const { ctx, outputs } = createTestContext({
      input: {
        location: { target: 'github', owner: 'acme', repo: 'payments-api' },
        topics: ['launchpad'],
      },
    });
    await action().handler(ctx);
    expect(outputs()).toMatchObject({ changes: 1, skipped: false });
    expect(github.topics).toEqual(['existing-topic', 'launchpad']);
  });

  it('is skipped, and says so, for a repository published locally', async () => {
    const { ctx, outputs, logLines } = createTestContext({
      input: { location: { target: 'local' }, topics: ['launchpad'] },
    });
    await action().handler(ctx);
    expect(github.requests).toEqual([]);
    expect(logLines()).toEqual([
      "info: Skipped: Repository settings (topics launchpad), because the repository was published locally, not on GitHub. Nothing was created; the generated repository's Terraform and workflows create it later.",
    ]);
    expect(outputs()).toEqual({
      changes: 0,
      summary: [],
      warnings: [
        'skipped: the repository was published locally, not on GitHub',
      ],
      skipped: true,
    });
  });

  it('is skipped when integrations.github has no credentials for the host', async () => {
    const { ctx, outputs, logLines } = createTestContext({
      input: { repoUrl: 'github.com?owner=acme&repo=payments-api' },
    });
    await createGithubRepoConfigureAction({
      config: new ConfigReader({
        integrations: { github: [{ host: 'github.com' }] },
      }),
    }).handler(ctx);
    expect(github.requests).toEqual([]);
    expect(outputs().skipped).toBe(true);
    expect(logLines().join('\n')).toContain(
      'because no GitHub token or GitHub App is configured for github.com',
    );
  });

  it('changes nothing on a second run and says so', async () => {
    await action().handler(createTestContext({ input: fullInput }).ctx);
    const firstRunRequests = github.requests.length;

    const { ctx, outputs, logLines } = createTestContext({ input: fullInput });
    await action().handler(ctx);

    const secondRun = github.requests.slice(firstRunRequests);
    expect(secondRun.filter(r => r.method !== 'GET')).toEqual([]);
    expect(outputs().changes).toBe(0);
    expect((outputs().summary as any[]).map(s => s.status)).toEqual(
      Array(12).fill('unchanged'),
    );
    const log = logLines().join('\n');
    expect(log).toMatch(
      /Nothing to change: acme\/payments-api is already configured as requested/,
    );
    expect(log).toMatch(/environment production: unchanged/);
    expect(log).toMatch(/secret SONAR_TOKEN: unchanged \(exists;/);
  });

  it('writes only what drifted', async () => {
    await action().handler(createTestContext({ input: fullInput }).ctx);
    github.variables.set('AWS_REGION', 'us-east-1');
    github.teams.set('platform', 'push');
    github.hooks[0].events = ['push'];
    github.environments.get('production')!.waitTimer = 0;
    const before = github.requests.length;

    const { ctx, outputs } = createTestContext({ input: fullInput });
    await action().handler(ctx);

    const writes = github.requests
      .slice(before)
      .filter(r => r.method !== 'GET');
    expect(writes.map(w => `${w.method} ${w.path}`)).toEqual([
      'PUT /repos/acme/payments-api/environments/production',
      'PATCH /repos/acme/payments-api/actions/variables/AWS_REGION',
      'PUT /orgs/acme/teams/platform/repos/acme/payments-api',
      'PATCH /repos/acme/payments-api/hooks/1000',
    ]);
    // A webhook update re-sends the secret, or GitHub would drop it.
    expect(writes[3].body.config.secret).toBe(WEBHOOK_SECRET);
    expect(outputs().changes).toBe(4);
    expect(github.variables.get('AWS_REGION')).toBe('eu-west-1');
  });

  it('replaces an existing secret only with overwriteSecrets', async () => {
    await action().handler(createTestContext({ input: fullInput }).ctx);
    const { ctx } = createTestContext({
      input: {
        ...fullInput,
        secrets: { SONAR_TOKEN: 'rotated-value' },
        overwriteSecrets: true,
      },
    });
    await action().handler(ctx);
    expect(github.unseal(github.secrets.get('SONAR_TOKEN')!)).toBe(
      'rotated-value',
    );
  });

  it('warns and carries on when the plan has no branch protection', async () => {
    github.freePlan = true;
    const { ctx, outputs, logger } = createTestContext({ input: fullInput });

    await action().handler(ctx);

    expect(
      github.requests.some(
        r => r.method === 'PUT' && r.path.endsWith('/protection'),
      ),
    ).toBe(false);
    expect(outputs().warnings).toEqual([
      expect.stringMatching(
        /branch protection main: skipped \(read the protection of main in acme\/payments-api is not available on this repository's plan: Upgrade to GitHub Pro/,
      ),
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/Upgrade to GitHub Pro/),
    );
    // Everything else was still applied.
    expect(github.environments.size).toBe(2);
    expect(github.hooks).toHaveLength(1);
  });

  it('warns and carries on when environment reviewers are not in the plan', async () => {
    github.failures.set(
      'PUT /repos/{owner}/{repo}/environments/{environment_name}',
      {
        status: 422,
        message:
          'Failed to create the environment protection rule. Please ensure the billing plan include the required reviewers protection rule.',
      },
    );
    const { ctx, outputs } = createTestContext({ input: fullInput });
    await action().handler(ctx);
    expect(outputs().warnings).toEqual([
      expect.stringMatching(/^environment staging: skipped .*billing plan/),
      expect.stringMatching(/^environment production: skipped .*billing plan/),
    ]);
    expect(github.variables.size).toBe(4);
    expect(github.hooks).toHaveLength(1);
  });

  it('gives up with a clear error when the repository never appears', async () => {
    github.notFoundLookups = 100;
    const { ctx } = createTestContext({ input: fullInput });
    await expect(action([1, 1]).handler(ctx)).rejects.toThrow(
      /Repository acme\/payments-api not found after 3 attempts, or the token cannot see it/,
    );
    expect(github.requests).toHaveLength(3);
  });

  it('names the missing permission when GitHub refuses a write', async () => {
    github.failures.set('POST /repos/{owner}/{repo}/actions/variables', {
      status: 403,
      message: 'Resource not accessible by integration',
    });
    const { ctx } = createTestContext({ input: fullInput });
    const error = await action()
      .handler(ctx)
      .catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toMatch(
      /GitHub refused to write Actions variable \w+ of acme\/payments-api \(HTTP 403: Resource not accessible by integration\)\. The token needs fine-grained: Variables write/,
    );
  });

  it('resumes a retried task from its checkpoints without redoing earlier writes', async () => {
    github.failures.set('PUT /repos/{owner}/{repo}/topics', {
      status: 403,
      message: 'Resource not accessible by integration',
      times: 1,
    });
    const checkpoints = new Map<string, unknown>();
    await expect(
      action().handler(
        createTestContext({ input: fullInput, checkpoints }).ctx,
      ),
    ).rejects.toThrow(/topics/);
    const writesBefore = github.writes.length;

    const { ctx, checkpointKeys } = createTestContext({
      input: fullInput,
      checkpoints,
    });
    await action().handler(ctx);

    expect(
      github.writes.slice(writesBefore).map(w => `${w.method} ${w.path}`),
    ).toEqual([
      'PUT /repos/acme/payments-api/topics',
      'POST /repos/acme/payments-api/hooks',
    ]);
    expect(checkpointKeys).toContain(
      'launchpad.github.configure.acme/payments-api.environment.production',
    );
  });

  it('waits out a secondary rate limit through the throttling plugin', async () => {
    github.failures.set('PUT /repos/{owner}/{repo}/topics', {
      status: 403,
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      times: 1,
    });
    const { ctx, logger } = createTestContext({
      input: { repoUrl: fullInput.repoUrl, topics: ['launchpad'] },
    });
    await action().handler(ctx);
    expect(github.topics).toContain('launchpad');
    expect(github.requests.filter(r => r.method === 'PUT')).toHaveLength(2);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /GitHub secondary rate limit hit on PUT .*topics; retrying after 60s/,
      ),
    );
  });

  it("uses the user's token from RepoUrlPicker when given", async () => {
    const { ctx } = createTestContext({
      input: {
        repoUrl: fullInput.repoUrl,
        token: USER_TOKEN,
        topics: ['launchpad'],
      },
    });
    await action().handler(ctx);
    expect(new Set(github.requests.map(r => r.authorization))).toEqual(
      new Set([`token ${USER_TOKEN}`]),
    );
  });

  it('reports the plan in dry run without calling GitHub', async () => {
    const { ctx, outputs, logLines } = createTestContext({
      input: fullInput,
      isDryRun: true,
    });
    await action().handler(ctx);
    expect(github.requests).toEqual([]);
    expect(outputs().changes).toBe(0);
    const log = logLines().join('\n');
    expect(log).toMatch(
      /Dry run: would reconcile acme\/payments-api: branch protection/,
    );
    expect(log).toMatch(/secrets SONAR_TOKEN/);
    expect(log).toMatch(/No call to GitHub was made/);
  });

  it.each([
    [
      { repoUrl: 'gitlab.com?owner=a&repo=b' },
      /repoUrl: no GitHub integration for host gitlab.com/,
    ],
    [{ repoUrl: 'github.com?repo=b' }, /repoUrl/],
    [{ topics: ['Not A Topic'] }, /topics.0/],
    [
      { secrets: { GITHUB_TOKEN: 'x' } },
      /secrets.GITHUB_TOKEN: name must not start with 'GITHUB_'/,
    ],
    [{ secrets: { EMPTY: '' } }, /secrets.EMPTY: must not be empty/],
    [
      { variables: { 'bad-name': 'x' } },
      /variables.bad-name: name must be letters, digits and underscores only/,
    ],
    [{ aws: { roleArn: 'not-an-arn' } }, /aws.roleArn: is not an IAM role ARN/],
    [{ aws: { region: 'moon-1' } }, /aws.region/],
    [
      { teams: [{ slug: 'payments', permission: 'owner' }] },
      /teams.0.permission: expected one of/,
    ],
    [
      {
        environments: [
          {
            name: 'prod',
            reviewers: { users: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] },
          },
        ],
      },
      /environments.0.reviewers: at most 6 reviewers/,
    ],
    [
      { environments: [{ name: 'x' }, { name: 'x' }] },
      /environments: environment names must be unique/,
    ],
    [
      { branchProtection: { requiredApprovingReviewCount: 7 } },
      /branchProtection.requiredApprovingReviewCount/,
    ],
    [{ webhook: { url: 'not a url' } }, /webhook.url/],
    [{ colour: 'blue' }, /colour/],
  ])(
    'rejects invalid input %j before calling GitHub',
    async (override, message) => {
      const { ctx } = createTestContext({
        input: { repoUrl: fullInput.repoUrl, ...override },
      });
      const error = await action()
        .handler(ctx)
        .catch(e => e);
      expect(error.name).toBe('InputError');
      expect(error.message).toMatch(message);
      expect(github.requests).toEqual([]);
    },
  );

  it('refuses to create a webhook without a configured secret', async () => {
    const noSecret = createGithubRepoConfigureAction({
      throttleOverrides,
      config: new ConfigReader({
        integrations: {
          github: [{ host: 'github.com', token: INTEGRATION_TOKEN }],
        },
      }),
    });
    await expect(
      noSecret.handler(
        createTestContext({
          input: {
            repoUrl: fullInput.repoUrl,
            webhook: { url: 'https://l.example.com/hook' },
          },
        }).ctx,
      ),
    ).rejects.toThrow(
      /webhook: events.modules.github.webhookSecret must be configured/,
    );
    expect(github.requests).toEqual([]);
  });

  it('never lets a token, the webhook secret or a secret value into the log, outputs or checkpoints', async () => {
    const checkpoints = new Map<string, unknown>();
    const runs = [
      createTestContext({
        input: { ...fullInput, token: USER_TOKEN },
        checkpoints,
      }),
      createTestContext({
        input: { ...fullInput, token: USER_TOKEN, overwriteSecrets: true },
      }),
      createTestContext({
        input: { ...fullInput, token: USER_TOKEN },
        isDryRun: true,
      }),
    ];
    for (const run of runs) {
      await action().handler(run.ctx);
    }
    github.freePlan = true;
    github.failures.set('POST /repos/{owner}/{repo}/hooks', {
      status: 422,
      message: 'Validation Failed',
    });
    github.hooks = [];
    const failing = createTestContext({
      input: { ...fullInput, token: USER_TOKEN },
    });
    const error = await action()
      .handler(failing.ctx)
      .catch(e => e);
    runs.push(failing);

    const sealedValues = github.writes
      .filter(w => w.path.includes('/actions/secrets/'))
      .map(w => w.body.encrypted_value);
    expect(sealedValues.length).toBeGreaterThan(0);
    const forbidden = [
      USER_TOKEN,
      INTEGRATION_TOKEN,
      WEBHOOK_SECRET,
      SECRET_VALUE,
      ...sealedValues,
    ];

    const captured = [
      ...runs.flatMap(r => r.logLines()),
      ...runs.map(r => JSON.stringify(r.outputs())),
      JSON.stringify([...checkpoints]),
      String(error?.message),
      String(error?.stack),
    ].join('\n');
    expect(captured).toMatch(/SONAR_TOKEN/); // the names are there...
    for (const value of forbidden) {
      expect(captured).not.toContain(value); // ...the values are not
    }
  });

  it.each(examples.map(e => [e.description, e]))(
    'runs the example: %s',
    async (_d, example) => {
      const [step] = yaml.parse(example.example).steps;
      const rendered = JSON.parse(
        JSON.stringify(step.input)
          .replace(
            '${{ steps.ecr.output.repositoryUri }}',
            '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments-api',
          )
          .replace('${{ secrets.sonarToken }}', SECRET_VALUE)
          .replace(
            '${{ parameters.repoUrl }}',
            'github.com?owner=acme&repo=payments-api',
          )
          .replace('${{ secrets.USER_OAUTH_TOKEN }}', USER_TOKEN),
      );
      const { ctx, outputs } = createTestContext({ input: rendered });
      await action().handler(ctx);
      expect(outputs().changes).toBeGreaterThan(0);
      expect(outputs().warnings).toEqual([]);
      for (const topic of rendered.topics ?? []) {
        expect(github.topics).toContain(topic);
      }
    },
  );
});
