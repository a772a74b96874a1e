import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { PlanLimitationError } from '../lib/github/errors';
import {
  createGithubAccess,
  GithubAccess,
  hasGithubCredentials,
} from '../lib/github/githubAccess';
import {
  connectGithub,
  GithubTarget,
  resolveGithubTarget,
} from '../lib/github/octokit';
import { readPublishSettings } from '../lib/publishSettings';
import { logSkipped } from '../lib/skipped';
import { StepProgress } from '../lib/stepFailure';
import { resolveLocation } from '../lib/repoLocation';
import { parseActionInput } from '../lib/validation';
import { examples } from './githubRepoConfigure.examples';
import { reconcileActionsSecret } from './githubRepoSettings/actionsSecret';
import { reconcileActionsVariable } from './githubRepoSettings/actionsVariable';
import { reconcileBranchProtection } from './githubRepoSettings/branchProtection';
import { getDefaultBranch } from './githubRepoSettings/defaultBranch';
import { reconcileEnvironment } from './githubRepoSettings/environment';
import { Input, inputSchema } from './githubRepoSettings/inputSchema';
import { ItemResult } from './githubRepoSettings/itemResult';
import { reconcileTeam } from './githubRepoSettings/team';
import { reconcileTopics } from './githubRepoSettings/topics';
import { reconcileWebhook, resolveWebhook } from './githubRepoSettings/webhook';

export const GITHUB_REPO_CONFIGURE_ACTION_ID =
  'launchpad:github:repo:configure';

/** Waits before re-reading a repository GitHub answers 404 for right after its creation. */
export const DEFAULT_NOT_FOUND_RETRY_DELAYS_MS = [
  1000, 2000, 4000, 8000, 15000,
];

type SummaryEntry = { section: string; name: string } & ItemResult;

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

/**
 * Configures an existing GitHub repository the way Launchpad's golden paths
 * expect it, idempotently: each setting is read, compared, and written only
 * when it differs.
 */
export function createGithubRepoConfigureAction(options: {
  config: Config;
  githubAccess?: GithubAccess;
  notFoundRetryDelaysMs?: number[];
  /** Passed to the Octokit throttling plugin; for tests. */
  throttleOverrides?: Record<string, unknown>;
}) {
  const { config } = options;
  const githubAccess = options.githubAccess ?? createGithubAccess(config);
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
        skipped: zImpl =>
          zImpl.boolean({
            description:
              'true when nothing was configured because the repository is not on GitHub or GitHub is not configured',
          }),
      },
    },
    async handler(ctx) {
      const progress = new StepProgress();
      await progress.run(async () => {
        // Everything that can be wrong with the request is found here, before any call to GitHub.
        const input: Input = parseActionInput(inputSchema(z), ctx.input);
        const skipReason = whyNotConfigurable(input);
        if (skipReason) {
          logSkipped(
            ctx.logger,
            `Repository settings (${
              describePlan(input, {}).join('; ') || 'none requested'
            })`,
            skipReason,
            "the generated repository's Terraform and workflows",
          );
          ctx.output('changes', 0);
          ctx.output('summary', []);
          ctx.output('warnings', [`skipped: ${skipReason}`]);
          ctx.output('skipped', true);
          return;
        }
        const target = targetOf(input);
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
          ctx.output('skipped', false);
          return;
        }

        const { octokit } = await connectGithub({
          access: githubAccess,
          target,
          logger: ctx.logger,
          userToken: input.token,
          throttleOverrides: options.throttleOverrides,
        });

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
          if (result.status === 'created' || result.status === 'updated') {
            progress.record(`${section} ${name} ${result.status}`);
          }
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
          await reconcile('variable', name, () =>
            reconcileActionsVariable(octokit, target, name, value),
          );
        }

        for (const [name, value] of Object.entries(input.secrets ?? {})) {
          await reconcile('secret', name, () =>
            reconcileActionsSecret(
              octokit,
              target,
              name,
              value,
              input.overwriteSecrets,
            ),
          );
        }

        for (const team of input.teams ?? []) {
          await reconcile('team', team.slug, () =>
            reconcileTeam(octokit, target, team),
          );
        }

        if (input.topics?.length) {
          const wanted = input.topics;
          await reconcile('topics', wanted.join(','), () =>
            reconcileTopics(octokit, target, wanted),
          );
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
        ctx.output('skipped', false);
      });
    },
  });

  /** Why this run has nothing to configure, if so: decided by configuration and location, before any call. */
  function whyNotConfigurable(input: Input): string | undefined {
    if (input.location?.target === 'local') {
      return 'the repository was published locally, not on GitHub';
    }
    if (!input.repoUrl && readPublishSettings(config).target === 'local') {
      return 'this portal publishes to local repositories';
    }
    const host = input.repoUrl
      ? resolveGithubTarget(input.repoUrl, githubAccess.integrations).host
      : readPublishSettings(config).github.host;
    if (!input.token && !hasGithubCredentials(githubAccess, host)) {
      return `no GitHub token or GitHub App is configured for ${host}`;
    }
    return undefined;
  }

  function targetOf(input: Input): GithubTarget {
    if (input.repoUrl) {
      return resolveGithubTarget(input.repoUrl, githubAccess.integrations);
    }
    const location = resolveLocation(
      input.location!,
      input.location!.repo ?? '',
      readPublishSettings(config),
    );
    if (location.target !== 'github' || !location.repo) {
      throw new InputError('Invalid input: location.repo: required on GitHub');
    }
    const integration = githubAccess.integrations.github.byHost(location.host);
    return {
      host: location.host,
      owner: location.owner,
      repo: location.repo,
      apiBaseUrl: integration!.config.apiBaseUrl!,
    };
  }
}
