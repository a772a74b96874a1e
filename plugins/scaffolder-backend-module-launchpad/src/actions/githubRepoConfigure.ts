import { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod/v3';
import { AWS_REGION_PATTERN } from '../lib/ecr';
import {
  describeGithubError,
  githubMessageOf,
  PlanLimitationError,
  statusOf,
} from '../lib/github/errors';
import {
  createOctokit,
  GithubTarget,
  LaunchpadOctokitClient,
  resolveGithubTarget,
  resolveGithubToken,
} from '../lib/github/octokit';
import { sealSecret } from '../lib/github/sealSecret';
import { parseActionInput } from '../lib/validation';
import { examples } from './githubRepoConfigure.examples';

export const GITHUB_REPO_CONFIGURE_ACTION_ID =
  'launchpad:github:repo:configure';

/** Waits before re-reading a repository GitHub answers 404 for right after its creation. */
export const DEFAULT_NOT_FOUND_RETRY_DELAYS_MS = [
  1000, 2000, 4000, 8000, 15000,
];

export const DEFAULT_WEBHOOK_EVENTS = [
  'push',
  'pull_request',
  'pull_request_review',
  'deployment',
  'deployment_status',
  'workflow_run',
  'check_run',
  'release',
];

const SECRET_OR_VARIABLE_NAME = /^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]*$/;

const inputSchema = (zImpl: typeof z) =>
  zImpl
    .object({
      repoUrl: zImpl
        .string({
          description:
            'Repository location as given by RepoUrlPicker, e.g. github.com?owner=acme&repo=payments-api',
        })
        .min(1),
      token: zImpl
        .string({
          description:
            "The user's GitHub token (RepoUrlPicker requestUserCredentials). Default: credentials from integrations.github",
        })
        .optional(),
      branchProtection: zImpl
        .object(
          {
            requiredStatusChecks: zImpl
              .array(zImpl.string().min(1), {
                description:
                  'Status check names (contexts) required before merging',
              })
              .optional(),
            strictStatusChecks: zImpl
              .boolean({
                description:
                  'Require branches to be up to date before merging. Default: true',
              })
              .optional(),
            requiredApprovingReviewCount: zImpl
              .number({
                description: 'Approving reviews required (0 to 6). Default: 1',
              })
              .int()
              .min(0)
              .max(6)
              .optional(),
            dismissStaleReviews: zImpl
              .boolean({
                description: 'Dismiss approvals on new commits. Default: true',
              })
              .optional(),
            requireCodeOwnerReviews: zImpl
              .boolean({
                description:
                  'Require a review from code owners. Default: false',
              })
              .optional(),
            enforceAdmins: zImpl
              .boolean({
                description:
                  'Apply the rules to administrators too. Default: false',
              })
              .optional(),
          },
          { description: 'Branch protection for the default branch' },
        )
        .optional(),
      environments: zImpl
        .array(
          zImpl.object({
            name: zImpl
              .string({
                description: 'Environment name, e.g. staging or production',
              })
              .regex(/^[A-Za-z0-9._-]{1,255}$/, 'letters, digits, . _ - only'),
            reviewers: zImpl
              .object({
                users: zImpl
                  .array(
                    zImpl
                      .string()
                      .regex(
                        /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/,
                        'is not a GitHub login',
                      ),
                  )
                  .optional(),
                teams: zImpl
                  .array(
                    zImpl
                      .string()
                      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'is not a team slug'),
                    {
                      description:
                        'Team slugs in the repository owner organisation',
                    },
                  )
                  .optional(),
              })
              .refine(
                r => (r.users?.length ?? 0) + (r.teams?.length ?? 0) <= 6,
                { message: 'at most 6 reviewers (GitHub limit)' },
              )
              .optional(),
            waitTimer: zImpl
              .number({
                description: 'Minutes to wait before deploying (0 to 43200)',
              })
              .int()
              .min(0)
              .max(43200)
              .optional(),
            preventSelfReview: zImpl.boolean().optional(),
            deploymentBranches: zImpl
              .union(
                [
                  zImpl.enum(['protected', 'all']),
                  zImpl.array(zImpl.string().min(1)).min(1),
                ],
                {
                  description:
                    "'protected' (protected branches only), 'all', or a list of branch name patterns. Default: 'all'",
                },
              )
              .optional(),
          }),
          { description: 'Deployment environments to create or reconcile' },
        )
        .refine(envs => new Set(envs.map(e => e.name)).size === envs.length, {
          message: 'environment names must be unique',
        })
        .optional(),
      aws: zImpl
        .object(
          {
            roleArn: zImpl
              .string({
                description:
                  'IAM role for GitHub OIDC, set as variable AWS_ROLE_ARN',
              })
              .regex(
                /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
                'is not an IAM role ARN',
              )
              .optional(),
            ecrRepository: zImpl
              .string({
                description:
                  'ECR repository URI or name, set as variable ECR_REPOSITORY',
              })
              .min(1)
              .optional(),
            region: zImpl
              .string({ description: 'AWS region, set as variable AWS_REGION' })
              .regex(
                AWS_REGION_PATTERN,
                'is not an AWS region name such as eu-west-1',
              )
              .optional(),
          },
          {
            description:
              'Shortcuts for the Actions variables the golden-path workflows read',
          },
        )
        .optional(),
      variables: zImpl
        .record(zImpl.string().max(48 * 1024), {
          description: 'Actions variables (repository level)',
        })
        .refine(
          v => Object.keys(v).every(k => SECRET_OR_VARIABLE_NAME.test(k)),
          {
            message:
              'names must match [A-Za-z_][A-Za-z0-9_]* and not start with GITHUB_',
          },
        )
        .optional(),
      secrets: zImpl
        .record(zImpl.string().min(1, 'must not be empty'), {
          description:
            'Actions secrets (repository level), sealed with the repository public key. Pass values from ${{ secrets.* }}, never literals',
        })
        .refine(
          v => Object.keys(v).every(k => SECRET_OR_VARIABLE_NAME.test(k)),
          {
            message:
              'names must match [A-Za-z_][A-Za-z0-9_]* and not start with GITHUB_',
          },
        )
        .optional(),
      overwriteSecrets: zImpl
        .boolean({
          description:
            'Replace secrets that already exist. Default: false (GitHub cannot show a secret, so an existing one is left as is)',
        })
        .optional(),
      teams: zImpl
        .array(
          zImpl.object({
            slug: zImpl
              .string()
              .regex(/^[a-z0-9][a-z0-9_-]*$/, 'is not a team slug'),
            permission: zImpl.enum([
              'pull',
              'triage',
              'push',
              'maintain',
              'admin',
            ]),
          }),
          {
            description:
              'Team access to grant (teams of the owner organisation)',
          },
        )
        .optional(),
      topics: zImpl
        .array(
          zImpl
            .string()
            .regex(
              /^[a-z0-9][a-z0-9-]{0,49}$/,
              'lowercase letters, digits and hyphens, at most 50 characters',
            ),
          { description: 'Topics to add (existing topics are kept)' },
        )
        .max(20)
        .optional(),
      webhook: zImpl
        .object(
          {
            url: zImpl
              .string({
                description:
                  'Payload URL. Default: launchpad.github.webhookUrl',
              })
              .url()
              .refine(
                u => u.startsWith('https://') || u.startsWith('http://'),
                {
                  message: 'must be an http(s) URL',
                },
              )
              .optional(),
            events: zImpl
              .array(
                zImpl
                  .string()
                  .regex(/^[a-z_*]+$/, 'is not a GitHub event name'),
              )
              .min(1)
              .optional(),
          },
          {
            description:
              "Webhook to Launchpad's GitHub webhook route; the secret comes from launchpad.github.webhookSecret",
          },
        )
        .optional(),
    })
    .strict();

type Input = z.output<ReturnType<typeof inputSchema>>;

type ItemStatus = 'created' | 'updated' | 'unchanged' | 'skipped';
type ItemResult = { status: ItemStatus; detail?: string };
type SummaryEntry = { section: string; name: string } & ItemResult;

const sameSet = (
  a: readonly (string | number)[],
  b: readonly (string | number)[],
) =>
  a.length === b.length &&
  [...a].sort().join('\n') === [...b].sort().join('\n');

/** The permission each section needs, for error messages and the README. */
export const PERMISSIONS = {
  repository:
    'read access to the repository (fine-grained: Metadata read; classic: repo)',
  branchProtection:
    'admin rights on the repository (fine-grained: Administration write; classic: repo)',
  environments:
    'admin rights on the repository (fine-grained: Administration write, plus Members read on the organisation to resolve team reviewers; classic: repo, read:org)',
  variables: 'fine-grained: Variables write (classic: repo)',
  secrets: 'fine-grained: Secrets write (classic: repo)',
  teams:
    'admin rights on the repository and access to the team (fine-grained: Administration write on the repository, Members read on the organisation; classic: repo, read:org)',
  topics: 'fine-grained: Administration write (classic: repo)',
  webhook: 'fine-grained: Webhooks write (classic: admin:repo_hook)',
};

type WebhookSettings = { url: string; secret: string; events: string[] };

function resolveWebhook(
  input: NonNullable<Input['webhook']>,
  config: Config,
): WebhookSettings {
  const url =
    input.url ?? config.getOptionalString('launchpad.github.webhookUrl');
  if (!url) {
    throw new InputError(
      'Invalid input: webhook.url: required when launchpad.github.webhookUrl is not configured',
    );
  }
  const secret = config.getOptionalString('launchpad.github.webhookSecret');
  if (!secret) {
    throw new InputError(
      'Invalid input: webhook: launchpad.github.webhookSecret must be configured; Launchpad does not create unsigned webhooks',
    );
  }
  return { url, secret, events: input.events ?? DEFAULT_WEBHOOK_EVENTS };
}

function describePlan(
  input: Input,
  variables: Record<string, string>,
  webhookUrl?: string,
) {
  const plan: string[] = [];
  if (input.branchProtection)
    plan.push('branch protection on the default branch');
  for (const e of input.environments ?? []) plan.push(`environment ${e.name}`);
  if (Object.keys(variables).length)
    plan.push(`variables ${Object.keys(variables).join(', ')}`);
  if (input.secrets && Object.keys(input.secrets).length) {
    plan.push(`secrets ${Object.keys(input.secrets).join(', ')}`);
  }
  for (const t of input.teams ?? [])
    plan.push(`team ${t.slug} (${t.permission})`);
  if (input.topics?.length) plan.push(`topics ${input.topics.join(', ')}`);
  if (webhookUrl) plan.push(`webhook to ${webhookUrl}`);
  return plan;
}

async function withNotFoundRetry<T>(
  delaysMs: number[],
  fn: () => Promise<T>,
  retryable: (e: unknown) => boolean,
  onRetry: (attempt: number, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!retryable(e) || attempt >= delaysMs.length) throw e;
      onRetry(attempt + 1, delaysMs[attempt]);
      await sleep(delaysMs[attempt]);
    }
  }
}

async function getDefaultBranch(
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

async function reconcileBranchProtection(
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

async function reconcileEnvironment(
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

async function reconcileWebhook(
  octokit: LaunchpadOctokitClient,
  { owner, repo }: GithubTarget,
  desired: WebhookSettings,
): Promise<ItemResult> {
  const errorFor = (e: unknown, what: string) =>
    describeGithubError(
      e,
      `${what} the Launchpad webhook of ${owner}/${repo}`,
      PERMISSIONS.webhook,
    );
  let hooks: Awaited<
    ReturnType<typeof octokit.rest.repos.listWebhooks>
  >['data'];
  try {
    hooks = await octokit.paginate(octokit.rest.repos.listWebhooks, {
      owner,
      repo,
      per_page: 100,
    });
  } catch (e) {
    throw errorFor(e, 'list webhooks to find');
  }
  const config = {
    url: desired.url,
    content_type: 'json',
    insecure_ssl: '0',
    secret: desired.secret,
  };
  const existing = hooks.find(h => h.config?.url === desired.url);
  if (!existing) {
    try {
      await octokit.rest.repos.createWebhook({
        owner,
        repo,
        name: 'web',
        active: true,
        events: desired.events,
        config,
      });
    } catch (e) {
      throw errorFor(e, 'create');
    }
    return { status: 'created' };
  }
  const matches =
    existing.active &&
    sameSet(existing.events, desired.events) &&
    existing.config.content_type === 'json' &&
    String(existing.config.insecure_ssl ?? '0') === '0';
  if (matches) {
    return {
      status: 'unchanged',
      detail: 'the secret is write-only and was not re-sent',
    };
  }
  try {
    await octokit.rest.repos.updateWebhook({
      owner,
      repo,
      hook_id: existing.id,
      active: true,
      events: desired.events,
      config,
    });
  } catch (e) {
    throw errorFor(e, 'update');
  }
  return { status: 'updated' };
}

/**
 * Configures an existing GitHub repository the way Launchpad's golden paths
 * expect it, idempotently: each setting is read, compared, and written only
 * when it differs.
 */
export function createGithubRepoConfigureAction(options: {
  config: Config;
  integrations?: ScmIntegrationRegistry;
  githubCredentialsProvider?: GithubCredentialsProvider;
  notFoundRetryDelaysMs?: number[];
  /** Passed to the Octokit throttling plugin; for tests. */
  throttleOverrides?: Record<string, unknown>;
}) {
  const { config } = options;
  const integrations =
    options.integrations ?? ScmIntegrations.fromConfig(config);
  const notFoundRetryDelaysMs =
    options.notFoundRetryDelaysMs ?? DEFAULT_NOT_FOUND_RETRY_DELAYS_MS;

  return createTemplateAction({
    id: GITHUB_REPO_CONFIGURE_ACTION_ID,
    description:
      'Configures a GitHub repository idempotently: default-branch protection, environments with reviewers and branch policies, Actions variables and sealed secrets, team access, topics and the Launchpad webhook. A second run changes nothing and says so.',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: {
        defaultBranch: zImpl =>
          zImpl
            .string({ description: 'Default branch of the repository' })
            .optional(),
        changes: zImpl =>
          zImpl.number({
            description: 'Number of settings created or updated',
          }),
        summary: zImpl =>
          zImpl.array(
            zImpl.object({
              section: zImpl.string(),
              name: zImpl.string(),
              status: zImpl.string(),
              detail: zImpl.string().optional(),
            }),
            { description: 'What happened to each setting' },
          ),
        warnings: zImpl =>
          zImpl.array(zImpl.string(), {
            description:
              'Settings skipped, e.g. protection unavailable on a free plan',
          }),
      },
    },
    async handler(ctx) {
      // Everything that can be wrong with the request is found here, before any call to GitHub.
      const input: Input = parseActionInput(inputSchema(z), ctx.input);
      const target = resolveGithubTarget(input.repoUrl, integrations);
      const webhook = input.webhook
        ? resolveWebhook(input.webhook, config)
        : undefined;
      const variables: Record<string, string> = {
        ...input.variables,
        ...(input.aws?.roleArn ? { AWS_ROLE_ARN: input.aws.roleArn } : {}),
        ...(input.aws?.ecrRepository
          ? { ECR_REPOSITORY: input.aws.ecrRepository }
          : {}),
        ...(input.aws?.region ? { AWS_REGION: input.aws.region } : {}),
      };
      const repoName = `${target.owner}/${target.repo}`;

      if (ctx.isDryRun) {
        const plan = describePlan(input, variables, webhook?.url);
        ctx.logger.info(
          `Dry run: would reconcile ${repoName}: ${
            plan.join('; ') || 'nothing requested'
          }. No call to GitHub was made.`,
        );
        ctx.output('changes', 0);
        ctx.output(
          'summary',
          plan.map(p => ({ section: p, name: repoName, status: 'planned' })),
        );
        ctx.output('warnings', []);
        return;
      }

      const token = await resolveGithubToken({
        target,
        integrations,
        credentialsProvider: options.githubCredentialsProvider,
        userToken: input.token,
      });
      const octokit = createOctokit({
        token,
        baseUrl: target.apiBaseUrl,
        logger: ctx.logger,
        throttleOverrides: options.throttleOverrides,
      });
      const { owner, repo } = target;

      const defaultBranch = await getDefaultBranch(
        octokit,
        target,
        notFoundRetryDelaysMs,
        ctx.logger,
      );

      const summary: SummaryEntry[] = [];
      const warnings: string[] = [];
      const reconcile = async (
        section: string,
        name: string,
        fn: () => Promise<ItemResult>,
      ) => {
        const result: ItemResult = await ctx.checkpoint({
          key: `launchpad.github.configure.${repoName}.${section}.${name}`,
          fn: async () => {
            try {
              return await fn();
            } catch (e) {
              if (e instanceof PlanLimitationError) {
                return { status: 'skipped', detail: e.message } as ItemResult;
              }
              throw e;
            }
          },
        });
        summary.push({ section, name, ...result });
        const line = `${section} ${name}: ${result.status}${
          result.detail ? ` (${result.detail})` : ''
        }`;
        if (result.status === 'skipped') {
          warnings.push(line);
          ctx.logger.warn(line);
        } else {
          ctx.logger.info(line);
        }
      };

      if (input.branchProtection) {
        const desired = input.branchProtection;
        await reconcile('branch protection', defaultBranch, () =>
          reconcileBranchProtection(
            octokit,
            target,
            defaultBranch,
            desired,
            notFoundRetryDelaysMs,
          ),
        );
      }

      for (const environment of input.environments ?? []) {
        await reconcile('environment', environment.name, () =>
          reconcileEnvironment(octokit, target, environment),
        );
      }

      for (const [name, value] of Object.entries(variables)) {
        await reconcile('variable', name, async () => {
          const what = `read Actions variable ${name} of ${repoName}`;
          let current: string | undefined;
          try {
            const { data } = await octokit.rest.actions.getRepoVariable({
              owner,
              repo,
              name,
            });
            current = data.value;
          } catch (e) {
            if (statusOf(e) !== 404)
              throw describeGithubError(e, what, PERMISSIONS.variables);
          }
          if (current === value) return { status: 'unchanged' };
          try {
            if (current === undefined) {
              await octokit.rest.actions.createRepoVariable({
                owner,
                repo,
                name,
                value,
              });
              return { status: 'created' };
            }
            await octokit.rest.actions.updateRepoVariable({
              owner,
              repo,
              name,
              value,
            });
            return { status: 'updated' };
          } catch (e) {
            throw describeGithubError(
              e,
              `write Actions variable ${name} of ${repoName}`,
              PERMISSIONS.variables,
            );
          }
        });
      }

      for (const [name, value] of Object.entries(input.secrets ?? {})) {
        await reconcile('secret', name, async () => {
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
          if (exists && !input.overwriteSecrets) {
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
        });
      }

      for (const team of input.teams ?? []) {
        await reconcile('team', team.slug, async () => {
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
            detail: current
              ? `${current} -> ${team.permission}`
              : team.permission,
          };
        });
      }

      if (input.topics?.length) {
        const wanted = input.topics;
        await reconcile('topics', wanted.join(','), async () => {
          let names: string[];
          try {
            ({
              data: { names },
            } = await octokit.rest.repos.getAllTopics({ owner, repo }));
          } catch (e) {
            throw describeGithubError(
              e,
              `read the topics of ${repoName}`,
              PERMISSIONS.topics,
            );
          }
          const missing = wanted.filter(t => !names.includes(t));
          if (!missing.length) return { status: 'unchanged' };
          try {
            await octokit.rest.repos.replaceAllTopics({
              owner,
              repo,
              names: [...names, ...missing],
            });
          } catch (e) {
            throw describeGithubError(
              e,
              `set the topics of ${repoName}`,
              PERMISSIONS.topics,
            );
          }
          return { status: 'updated', detail: `added ${missing.join(', ')}` };
        });
      }

      if (webhook) {
        await reconcile('webhook', webhook.url, () =>
          reconcileWebhook(octokit, target, webhook),
        );
      }

      const changes = summary.filter(
        s => s.status === 'created' || s.status === 'updated',
      ).length;
      ctx.logger.info(
        changes
          ? `Configured ${repoName}: ${changes} setting(s) changed, ${
              summary.length - changes
            } left as they were`
          : `Nothing to change: ${repoName} is already configured as requested`,
      );
      ctx.output('defaultBranch', defaultBranch);
      ctx.output('changes', changes);
      ctx.output('summary', summary);
      ctx.output('warnings', warnings);
    },
  });
}
