import { z } from 'zod/v3';
import { AWS_REGION_PATTERN } from '../../lib/ecr';
import {
  GITHUB_ACCOUNT_NAME_RULES,
  GITHUB_ACTIONS_LIMITS,
  GITHUB_ACTIONS_NAME_RULES,
  GITHUB_BRANCH_PATTERN_RULES,
  GITHUB_ENVIRONMENT_NAME_RULES,
  GITHUB_REPOSITORY_NAME_RULES,
} from '../../lib/github/names';
import { repoLocationSchema } from '../../lib/repoLocation';
import { brokenRule, followsRules, Rule } from '../../lib/rules';

/**
 * Checks the owner and repository named in a RepoUrlPicker value. A value that
 * is not a URL at all is left to resolveGithubTarget, which says so.
 */
function checkRepoUrlNames(repoUrl: string, ctx: z.RefinementCtx) {
  let params: URLSearchParams;
  try {
    params = new URL(`https://${repoUrl}`).searchParams;
  } catch {
    return;
  }
  const names: [string, Rule[]][] = [
    ['owner', GITHUB_ACCOUNT_NAME_RULES],
    ['repo', GITHUB_REPOSITORY_NAME_RULES],
  ];
  for (const [param, rules] of names) {
    const value = params.get(param);
    if (value !== null) {
      // parseRepoUrl trims slashes around the value; check what it will use.
      followsRules(rules, param)(value.replace(/^\/+|\/+$/g, ''), ctx);
    }
  }
}

const TEAM_SLUG_MESSAGE =
  "must be a team slug: lowercase letters, digits, '_' and '-', starting with a letter or digit";

const valueSize = (value: string) =>
  Buffer.byteLength(value, 'utf8') <= GITHUB_ACTIONS_LIMITS.valueBytes;
const VALUE_SIZE_MESSAGE = 'must be at most 48 KB';

/**
 * Checks the names of a map of Actions variables or secrets: each name on its
 * own, two names GitHub would take for one (it ignores case), and the count.
 */
const checkActionsNames =
  (kind: 'variables' | 'secrets', limit: number) =>
  (values: Record<string, string>, ctx: z.RefinementCtx) => {
    const names = Object.keys(values);
    if (names.length > limit) {
      ctx.addIssue({
        code: 'custom',
        message: `at most ${limit} ${kind} per repository (GitHub limit)`,
      });
    }
    const seen = new Map<string, string>();
    for (const name of names) {
      const problem = brokenRule(GITHUB_ACTIONS_NAME_RULES, name);
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `name ${problem}`,
        });
      }
      const other = seen.get(name.toUpperCase());
      if (other) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `name is the same as ${other} to GitHub, which ignores case`,
        });
      }
      seen.set(name.toUpperCase(), name);
    }
  };

export const inputSchema = (zImpl: typeof z) =>
  zImpl
    .object({
      repoUrl: zImpl
        .string({
          description:
            'Repository location as given by RepoUrlPicker, e.g. github.com?owner=acme&repo=payments-api. Give this or location',
        })
        .min(1)
        .superRefine(checkRepoUrlNames)
        .optional(),
      location: repoLocationSchema(zImpl).optional(),
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
                description:
                  'Environment name, e.g. staging or production: up to 255 letters, digits, . _ -',
              })
              .superRefine(followsRules(GITHUB_ENVIRONMENT_NAME_RULES)),
            reviewers: zImpl
              .object({
                users: zImpl
                  .array(
                    zImpl
                      .string({ description: 'GitHub logins' })
                      .superRefine(followsRules(GITHUB_ACCOUNT_NAME_RULES)),
                  )
                  .optional(),
                teams: zImpl
                  .array(
                    zImpl
                      .string()
                      .regex(/^[a-z0-9][a-z0-9_-]*$/, TEAM_SLUG_MESSAGE),
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
                  zImpl
                    .array(
                      zImpl
                        .string()
                        .superRefine(followsRules(GITHUB_BRANCH_PATTERN_RULES)),
                    )
                    .min(1),
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
        .refine(
          envs =>
            new Set(envs.map(e => e.name.toLowerCase())).size === envs.length,
          {
            message:
              'environment names must be unique, ignoring case as GitHub does',
          },
        )
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
        .record(zImpl.string().refine(valueSize, VALUE_SIZE_MESSAGE), {
          description:
            'Actions variables (repository level): names of letters, digits and _, not starting with a digit or GITHUB_',
        })
        .superRefine(
          checkActionsNames(
            'variables',
            GITHUB_ACTIONS_LIMITS.repositoryVariables,
          ),
        )
        .optional(),
      secrets: zImpl
        .record(
          zImpl
            .string()
            .min(1, 'must not be empty')
            .refine(valueSize, VALUE_SIZE_MESSAGE),
          {
            description:
              'Actions secrets (repository level), sealed with the repository public key. Pass values from ${{ secrets.* }}, never literals',
          },
        )
        .superRefine(
          checkActionsNames('secrets', GITHUB_ACTIONS_LIMITS.repositorySecrets),
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
              .regex(/^[a-z0-9][a-z0-9_-]*$/, TEAM_SLUG_MESSAGE),
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
                  'Payload URL. Default: launchpad.github.webhookUrl, else <backend.baseUrl>/api/events/http/github',
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
              "Webhook to Launchpad's GitHub webhook ingress (the events backend); the secret comes from events.modules.github.webhookSecret (or launchpad.github.webhookSecret). Default events: those the delivery backend handles",
          },
        )
        .optional(),
    })
    .strict()
    .refine(i => i.repoUrl !== undefined || i.location !== undefined, {
      message: 'give repoUrl or location',
      path: ['repoUrl'],
    });

export type Input = z.output<ReturnType<typeof inputSchema>>;
