import { z } from 'zod/v3';
import { AWS_REGION_PATTERN } from '../../lib/ecr';

const SECRET_OR_VARIABLE_NAME = /^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]*$/;

/** The check (and its message) on the names of Actions variables and secrets. */
const SECRET_OR_VARIABLE_NAMES = [
  (values: Record<string, string>) =>
    Object.keys(values).every(k => SECRET_OR_VARIABLE_NAME.test(k)),
  {
    message:
      'names must match [A-Za-z_][A-Za-z0-9_]* and not start with GITHUB_',
  },
] as const;

export const inputSchema = (zImpl: typeof z) =>
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
        .refine(...SECRET_OR_VARIABLE_NAMES)
        .optional(),
      secrets: zImpl
        .record(zImpl.string().min(1, 'must not be empty'), {
          description:
            'Actions secrets (repository level), sealed with the repository public key. Pass values from ${{ secrets.* }}, never literals',
        })
        .refine(...SECRET_OR_VARIABLE_NAMES)
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

export type Input = z.output<ReturnType<typeof inputSchema>>;
