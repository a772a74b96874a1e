import { z } from 'zod/v4';
import {
  httpUrl,
  isoDateTime as isoDate,
  positiveInt32,
  runAttempt,
  text,
} from './fields';

const sha = z
  .string()
  .regex(/^[0-9a-fA-F]{7,64}$/, 'must be a hexadecimal commit sha')
  .transform(s => s.toLowerCase());
const repository = z
  .string()
  .max(255)
  .regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/repo')
  .transform(s => s.toLowerCase());
const externalId = text(255).min(1);
const source = text(64).min(1).default('events-api');
const name = text(255).min(1);

export const deploymentStatusSchema = z.enum([
  'queued',
  'in_progress',
  'success',
  'failure',
  'cancelled',
]);

export const deploymentEventSchema = z
  .object({
    externalId,
    source,
    repository,
    service: name.optional(),
    environment: name,
    sha,
    ref: text(255).optional(),
    status: deploymentStatusSchema,
    startedAt: isoDate.optional(),
    finishedAt: isoDate.optional(),
    workflow: name.optional(),
    // no defaults: a field left out keeps its stored value (a new row gets false)
    rollback: z.boolean().optional(),
    hotfix: z.boolean().optional(),
    url: httpUrl.optional(),
  })
  .strict()
  .refine(
    d =>
      !['success', 'failure', 'cancelled'].includes(d.status) || d.finishedAt,
    {
      message: 'finishedAt is required when status is final',
      path: ['finishedAt'],
    },
  )
  .refine(
    d =>
      !d.startedAt ||
      !d.finishedAt ||
      Date.parse(d.startedAt) <= Date.parse(d.finishedAt),
    { message: 'startedAt must not be after finishedAt', path: ['startedAt'] },
  );
export type DeploymentEvent = z.infer<typeof deploymentEventSchema>;

export const incidentEventSchema = z
  .object({
    externalId,
    source,
    entityRef: name.optional(),
    repository: repository.optional(),
    title: text(2000).optional(),
    severity: text(64).optional(),
    startedAt: isoDate,
    resolvedAt: isoDate
      .nullable()
      .optional()
      .describe('null reopens a resolved incident; left out keeps it'),
    deployment: externalId
      .optional()
      .describe('external id of the deployment that caused the incident'),
    rootCauseSha: sha.optional(),
    notChangeRelated: z.boolean().optional(),
    url: httpUrl.optional(),
  })
  .strict()
  .refine(i => i.entityRef || i.repository, {
    message: 'entityRef or repository is required',
    path: ['entityRef'],
  })
  .refine(
    i => !i.resolvedAt || Date.parse(i.startedAt) <= Date.parse(i.resolvedAt),
    {
      message: 'resolvedAt must not be before startedAt',
      path: ['resolvedAt'],
    },
  );
export type IncidentEvent = z.infer<typeof incidentEventSchema>;

export const pipelineRunEventSchema = z
  .object({
    externalId,
    source,
    repository,
    workflow: name,
    branch: text(255).optional(),
    sha: sha.optional(),
    status: z.enum(['queued', 'in_progress', 'completed']),
    conclusion: z
      .enum([
        'success',
        'failure',
        'cancelled',
        'skipped',
        'timed_out',
        'neutral',
        'action_required',
      ])
      .optional(),
    startedAt: isoDate.optional(),
    finishedAt: isoDate.optional(),
    url: httpUrl.optional(),
    actor: text(255).optional().describe('who started the run'),
    attempt: runAttempt
      .optional()
      .describe('1 for the first run, then 2, 3... for each re-run'),
  })
  .strict();
export type PipelineRunEvent = z.infer<typeof pipelineRunEventSchema>;

const commitFields = {
  sha,
  authoredAt: isoDate,
  committedAt: isoDate.optional(),
  author: text(255).optional(),
  message: text(10000).optional(),
  paths: z
    .array(text(1024).min(1))
    .max(3000)
    .optional()
    .describe('changed file paths, for monorepo entities'),
};

export const commitEventSchema = z
  .object({
    type: z.literal('commit'),
    repository,
    ...commitFields,
    pullRequestNumber: positiveInt32.optional(),
    pushedAt: isoDate
      .optional()
      .describe(
        'when the commit reached the default branch without a pull request',
      ),
    pushHeadSha: sha
      .optional()
      .describe(
        'head of the push that brought the commit; a rebase merge pushes up to its pull request merge commit',
      ),
  })
  .strict();

export const pullRequestEventSchema = z
  .object({
    type: z.literal('pull_request'),
    repository,
    number: positiveInt32,
    title: text(2000).optional(),
    author: text(255).optional(),
    headRef: text(255).optional(),
    createdAt: isoDate.optional(),
    firstCommitAt: isoDate.optional(),
    mergedAt: isoDate.optional(),
    mergeCommitSha: sha.optional(),
    mergeMethod: z.enum(['merge', 'squash', 'rebase']).optional(),
    labels: z.array(text(255)).max(100).optional(),
    fixesIncident: externalId.optional(),
    paths: z
      .array(text(1024).min(1))
      .max(3000)
      .optional()
      .describe('changed file paths, for monorepo entities'),
    url: httpUrl.optional(),
    commits: z.array(z.object(commitFields).strict()).max(250).optional(),
  })
  .strict()
  .refine(p => !p.mergedAt || p.mergeCommitSha, {
    message: 'mergeCommitSha is required when mergedAt is set',
    path: ['mergeCommitSha'],
  });

export const changeEventSchema = z.union([
  commitEventSchema,
  pullRequestEventSchema,
]);
export type CommitEvent = z.infer<typeof commitEventSchema>;
export type PullRequestEvent = z.infer<typeof pullRequestEventSchema>;
export type ChangeEvent = z.infer<typeof changeEventSchema>;
