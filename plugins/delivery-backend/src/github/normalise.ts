import { InputError } from '@backstage/errors';
import {
  GITHUB_WEBHOOK_EVENTS,
  GithubWebhookEvent,
} from '@internal/plugin-delivery-common';
import { z } from 'zod/v4';
import {
  commitEventSchema,
  deploymentEventSchema,
  incidentEventSchema,
  pipelineRunEventSchema,
  pullRequestEventSchema,
} from '../service/schemas';
import { formatZod } from '../service/validation';
import { DeploymentWorkflowRule, deploymentOfJob } from './deploymentWorkflows';

const SOURCE = 'github';

/** `record[key]`, but never an inherited member such as `constructor`. */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * A GitHub delivery as events-API events, not yet validated by their schemas
 * (the caller validates them exactly as the events API does).
 */
export type NormalisedDelivery =
  | {
      kind: 'deployments';
      events: z.input<typeof deploymentEventSchema>[];
    }
  | {
      kind: 'changes';
      events: Array<
        | z.input<typeof commitEventSchema>
        | z.input<typeof pullRequestEventSchema>
      >;
    }
  | {
      kind: 'pipelineRuns';
      events: z.input<typeof pipelineRunEventSchema>[];
    }
  | { kind: 'incidents'; events: z.input<typeof incidentEventSchema>[] }
  | { kind: 'ignored'; reason: string };

export interface NormaliseOptions {
  /** Issues carrying this label are incidents. */
  incidentLabel: string;
  /** Which jobs are deployments (`workflow_job`); none without. */
  deploymentWorkflows?: DeploymentWorkflowRule[];
}

// Only the payload fields read below; GitHub sends many more.
const repository = z.object({
  full_name: z.string(),
  default_branch: z.string().optional(),
  /** seconds since the epoch, up to 2100 */
  pushed_at: z
    .union([z.number().min(0).max(4_102_444_800), z.string()])
    .nullish(),
});
const label = z.object({ name: z.string() });
/** GitHub sends "" for an unset URL. */
const url = z
  .string()
  .nullish()
  .transform(u => u || undefined);

const deploymentStatusPayload = z.object({
  repository,
  deployment: z.object({
    id: z.number(),
    sha: z.string(),
    ref: z.string().nullish(),
    environment: z.string(),
    created_at: z.string(),
  }),
  deployment_status: z.object({
    state: z.string(),
    created_at: z.string(),
    target_url: url,
    log_url: url,
  }),
  workflow: z.object({ name: z.string() }).nullish(),
});

const pullRequestPayload = z.object({
  action: z.string(),
  repository,
  pull_request: z.object({
    number: z.number(),
    title: z.string(),
    user: z.object({ login: z.string() }).nullish(),
    head: z.object({ ref: z.string() }),
    created_at: z.string(),
    merged: z.boolean().nullish(),
    merged_at: z.string().nullish(),
    merge_commit_sha: z.string().nullish(),
    labels: z.array(label),
    html_url: url,
  }),
});

const pushCommit = z.object({
  id: z.string(),
  message: z.string(),
  timestamp: z.string(),
  author: z.object({ name: z.string(), username: z.string().optional() }),
  added: z.array(z.string()).default([]),
  removed: z.array(z.string()).default([]),
  modified: z.array(z.string()).default([]),
});
const pushPayload = z.object({
  ref: z.string(),
  deleted: z.boolean().optional(),
  repository,
  commits: z.array(pushCommit),
  head_commit: pushCommit.nullish(),
  after: z.string().optional(),
});

const workflowRunPayload = z.object({
  repository,
  workflow: z.object({ name: z.string() }).nullish(),
  workflow_run: z.object({
    id: z.number(),
    run_attempt: z.number().int().positive().default(1),
    actor: z.object({ login: z.string() }).nullish(),
    triggering_actor: z.object({ login: z.string() }).nullish(),
    name: z.string().nullish(),
    head_branch: z.string().nullish(),
    head_sha: z.string(),
    status: z.string(),
    conclusion: z.string().nullish(),
    run_started_at: z.string().nullish(),
    updated_at: z.string(),
    html_url: url,
  }),
});

const workflowJobPayload = z.object({
  repository,
  workflow_job: z.object({
    id: z.number(),
    run_id: z.number(),
    name: z.string(),
    workflow_name: z.string().nullish(),
    head_sha: z.string(),
    head_branch: z.string().nullish(),
    status: z.string(),
    conclusion: z.string().nullish(),
    created_at: z.string().nullish(),
    started_at: z.string().nullish(),
    completed_at: z.string().nullish(),
    html_url: url,
  }),
});

const issuesPayload = z.object({
  action: z.string(),
  repository,
  issue: z.object({
    number: z.number(),
    title: z.string(),
    body: z.string().nullish(),
    state: z.string(),
    created_at: z.string(),
    closed_at: z.string().nullish(),
    labels: z.array(label).default([]),
    html_url: url,
  }),
});

const DEPLOYMENT_STATES: Record<
  string,
  z.input<typeof deploymentEventSchema>['status']
> = {
  success: 'success',
  failure: 'failure',
  error: 'failure',
  in_progress: 'in_progress',
  queued: 'in_progress',
  pending: 'in_progress',
};

function deploymentStatus(
  p: z.infer<typeof deploymentStatusPayload>,
): NormalisedDelivery {
  const { deployment, deployment_status: ds } = p;
  const status = own(DEPLOYMENT_STATES, ds.state);
  if (!status) {
    return {
      kind: 'ignored',
      reason: `deployment status "${ds.state}" carries no delivery information`,
    };
  }
  const final = status === 'success' || status === 'failure';
  return {
    kind: 'deployments',
    events: [
      {
        source: SOURCE,
        externalId: String(deployment.id),
        repository: p.repository.full_name,
        environment: deployment.environment,
        sha: deployment.sha,
        ref: deployment.ref ?? undefined,
        status,
        startedAt: deployment.created_at,
        finishedAt: final ? ds.created_at : undefined,
        workflow: p.workflow?.name,
        url: ds.log_url ?? ds.target_url,
      },
    ],
  };
}

function pullRequest(
  p: z.infer<typeof pullRequestPayload>,
): NormalisedDelivery {
  const pr = p.pull_request;
  if (p.action !== 'closed' || !pr.merged) {
    return {
      kind: 'ignored',
      reason: 'only merged pull requests (action "closed", merged) are changes',
    };
  }
  return {
    kind: 'changes',
    events: [
      {
        type: 'pull_request',
        repository: p.repository.full_name,
        number: pr.number,
        title: pr.title,
        author: pr.user?.login,
        headRef: pr.head.ref,
        createdAt: pr.created_at,
        mergedAt: pr.merged_at ?? undefined,
        mergeCommitSha: pr.merge_commit_sha ?? undefined,
        labels: pr.labels.map(l => l.name),
        url: pr.html_url,
      },
    ],
  };
}

/** GitHub's default merge commit message: "Merge pull request #12 from ...". */
const MERGE_COMMIT = /^Merge pull request #(\d+) /;
/** GitHub's default squash commit title: "Title (#12)". */
const SQUASH_COMMIT = /\(#\d+\)$/;

function push(p: z.infer<typeof pushPayload>): NormalisedDelivery {
  const branch = p.repository.default_branch;
  if (p.deleted || !branch || p.ref !== `refs/heads/${branch}`) {
    return {
      kind: 'ignored',
      reason: 'only pushes to the default branch are changes',
    };
  }
  // A merged pull request's commits belong to it: a merge commit's push
  // carries the pull request's own commits (which give it its first commit
  // time); a squash commit is the pull request's merge commit, already
  // stored by the pull_request event. A rebase merge's push carries the
  // rebased commits and ends at the pull request's merge commit: they keep
  // the push's head, by which the store gives them to the pull request.
  const merged = p.head_commit?.message.match(MERGE_COMMIT);
  const pullRequestNumber = merged ? Number(merged[1]) : undefined;
  const pushedAt =
    typeof p.repository.pushed_at === 'number'
      ? new Date(p.repository.pushed_at * 1000).toISOString()
      : p.repository.pushed_at ?? p.head_commit?.timestamp;
  const events = p.commits
    .filter(
      c => pullRequestNumber || !SQUASH_COMMIT.test(c.message.split('\n')[0]),
    )
    .map(c => ({
      type: 'commit' as const,
      repository: p.repository.full_name,
      sha: c.id,
      authoredAt: c.timestamp,
      author: c.author.username ?? c.author.name,
      message: c.message,
      paths: [...c.added, ...c.modified, ...c.removed],
      ...(pullRequestNumber
        ? { pullRequestNumber }
        : { pushedAt, pushHeadSha: p.after }),
    }));
  if (!events.length) {
    return {
      kind: 'ignored',
      reason: 'the push carries no commits outside pull requests',
    };
  }
  return { kind: 'changes', events };
}

const RUN_STATUSES: Record<
  string,
  z.input<typeof pipelineRunEventSchema>['status']
> = {
  requested: 'queued',
  waiting: 'queued',
  pending: 'queued',
  queued: 'queued',
  in_progress: 'in_progress',
  completed: 'completed',
};

function workflowRun(
  p: z.infer<typeof workflowRunPayload>,
): NormalisedDelivery {
  const run = p.workflow_run;
  const status = own(RUN_STATUSES, run.status) ?? run.status;
  return {
    kind: 'pipelineRuns',
    events: [
      {
        source: SOURCE,
        // one run, whatever its attempt: a re-run updates it
        externalId: String(run.id),
        attempt: run.run_attempt,
        actor: (run.triggering_actor ?? run.actor)?.login,
        repository: p.repository.full_name,
        workflow: run.name || p.workflow?.name || '',
        branch: run.head_branch ?? undefined,
        sha: run.head_sha,
        status: status as z.input<typeof pipelineRunEventSchema>['status'],
        conclusion: (run.conclusion === 'startup_failure'
          ? 'failure'
          : run.conclusion ?? undefined) as z.input<
          typeof pipelineRunEventSchema
        >['conclusion'],
        startedAt: run.run_started_at ?? undefined,
        finishedAt: status === 'completed' ? run.updated_at : undefined,
        url: run.html_url,
      },
    ],
  };
}

/** A job is a deployment when a job rule names it and its workflow, as the sync reads jobs. */
function workflowJob(
  p: z.infer<typeof workflowJobPayload>,
  options: NormaliseOptions,
): NormalisedDelivery {
  const job = p.workflow_job;
  const deployment = deploymentOfJob(
    p.repository.full_name.toLowerCase(),
    job.workflow_name,
    job,
    options.deploymentWorkflows ?? [],
  );
  if (!deployment) {
    return {
      kind: 'ignored',
      reason: `no deployment-workflow job rule names job "${job.name.slice(
        0,
        100,
      )}" of workflow "${(job.workflow_name ?? '').slice(0, 100)}"`,
    };
  }
  return { kind: 'deployments', events: [deployment] };
}

const ROOT_CAUSE = /root cause:\s*([0-9a-f]{7,64})\b/i;
const NOT_CHANGE_RELATED = 'not-change-related';

function issues(
  p: z.infer<typeof issuesPayload>,
  options: NormaliseOptions,
): NormalisedDelivery {
  const { issue } = p;
  const labels = issue.labels.map(l => l.name.toLowerCase());
  if (!labels.includes(options.incidentLabel.toLowerCase())) {
    return {
      kind: 'ignored',
      reason: `the issue has no "${options.incidentLabel}" label`,
    };
  }
  // Every action restates the whole incident: reopening clears resolvedAt.
  return {
    kind: 'incidents',
    events: [
      {
        source: SOURCE,
        externalId: `${p.repository.full_name}#${issue.number}`,
        repository: p.repository.full_name,
        title: issue.title,
        startedAt: issue.created_at,
        resolvedAt: issue.state === 'closed' ? issue.closed_at ?? null : null,
        rootCauseSha: issue.body?.match(ROOT_CAUSE)?.[1],
        notChangeRelated: labels.includes(NOT_CHANGE_RELATED),
        url: issue.html_url,
      },
    ],
  };
}

/** One mapping per handled event: the list in delivery-common and this table cannot drift apart. */
const handlers: Record<
  GithubWebhookEvent,
  (payload: unknown, options: NormaliseOptions) => NormalisedDelivery
> = {
  deployment_status: p =>
    deploymentStatus(parsePayload(deploymentStatusPayload, p)),
  pull_request: p => pullRequest(parsePayload(pullRequestPayload, p)),
  push: p => push(parsePayload(pushPayload, p)),
  workflow_run: p => workflowRun(parsePayload(workflowRunPayload, p)),
  workflow_job: (p, o) => workflowJob(parsePayload(workflowJobPayload, p), o),
  issues: (p, o) => issues(parsePayload(issuesPayload, p), o),
};

function parsePayload<T extends z.ZodTypeAny>(
  schema: T,
  payload: unknown,
): z.infer<T> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new InputError(
      `The payload lacks what the mapping needs, nothing was stored. ${formatZod(
        parsed.error,
      ).join('; ')}`,
    );
  }
  return parsed.data;
}

/** Maps a GitHub webhook delivery to events-API events. */
export function normalise(
  event: string,
  payload: unknown,
  options: NormaliseOptions,
): NormalisedDelivery {
  const handler = own<(typeof handlers)[GithubWebhookEvent]>(handlers, event);
  if (!handler) {
    return {
      kind: 'ignored',
      reason: `the "${event}" event is not used; handled: ${GITHUB_WEBHOOK_EVENTS.join(
        ', ',
      )}`,
    };
  }
  return handler(payload, options);
}
