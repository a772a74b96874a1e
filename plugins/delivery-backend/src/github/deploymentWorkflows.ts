import { Entity } from '@backstage/catalog-model';
import { z } from 'zod/v4';
import { deploymentEventSchema } from '../service/schemas';

/**
 * Entity annotation naming the GitHub Actions workflows whose runs are
 * deployments, for repositories that deploy without the Deployments API:
 * comma-separated `workflow pattern=environment` entries (`*` matches any
 * text, case-insensitive); an entry without `=environment` deploys to
 * `production`. `workflow pattern / job pattern=environment` (GitHub's own
 * "workflow / job" notation) makes the matching jobs of the workflow's runs
 * the deployments instead of the runs. Example:
 * `Deploy=production, Deploy staging*=staging, CI / deploy-prod*=production`.
 */
export const ANNOTATION_DEPLOYMENT_WORKFLOWS =
  'launchpad.dev/deployment-workflows';

/** `source` of the deployments made from workflow runs. */
export const WORKFLOW_DEPLOYMENT_SOURCE = 'github-actions';

export interface DeploymentWorkflowRule {
  /** a workflow name pattern, `*` matching any text */
  workflow: string;
  /** a job name pattern: the run's matching jobs are the deployments, not the run */
  job?: string;
  environment: string;
}

/** Between a workflow pattern and a job pattern, as GitHub writes "CI / deploy". */
const JOB_SEPARATOR = ' / ';

const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
const matches = (pattern: string, name: string) =>
  new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`, 'i').test(name);

/** The rules of a `launchpad.dev/deployment-workflows` value. */
export function parseDeploymentWorkflows(
  value: string | undefined,
): DeploymentWorkflowRule[] {
  return (value ?? '')
    .split(',')
    .map(entry => entry.split('='))
    .map(([pattern, environment]): DeploymentWorkflowRule => {
      const [workflow, ...job] = pattern.split(JOB_SEPARATOR);
      return {
        workflow: workflow.trim(),
        ...(job.length ? { job: job.join(JOB_SEPARATOR).trim() } : {}),
        environment: environment?.trim() || 'production',
      };
    })
    .filter(rule => rule.workflow && rule.job !== '');
}

/**
 * The rules of a repository's entities (several entities of a monorepo
 * share it): each entity's annotation, then the global rules.
 */
export function deploymentWorkflowsOf(
  entities: Entity[],
  globalRules: DeploymentWorkflowRule[],
): DeploymentWorkflowRule[] {
  return [
    ...entities.flatMap(e =>
      parseDeploymentWorkflows(
        e.metadata.annotations?.[ANNOTATION_DEPLOYMENT_WORKFLOWS],
      ),
    ),
    ...globalRules,
  ];
}

/** The fields of a GitHub Actions workflow run this mapping reads. */
export interface WorkflowRun {
  id: number;
  name?: string | null;
  run_attempt?: number;
  head_branch?: string | null;
  head_sha: string;
  status?: string | null;
  conclusion?: string | null;
  created_at: string;
  run_started_at?: string | null;
  updated_at: string;
  html_url?: string;
}

const OUTCOMES: Record<
  string,
  z.input<typeof deploymentEventSchema>['status'] | undefined
> = {
  success: 'success',
  failure: 'failure',
  timed_out: 'failure',
  startup_failure: 'failure',
  cancelled: 'cancelled',
};

/** A run's or job's deployment status; none for one that completed without running. */
function statusOf(
  status: string | null | undefined,
  conclusion: string | null | undefined,
): z.input<typeof deploymentEventSchema>['status'] | undefined {
  if (status !== 'completed') {
    return status === 'in_progress' ? 'in_progress' : 'queued';
  }
  return Object.hasOwn(OUTCOMES, conclusion ?? '')
    ? OUTCOMES[conclusion!]
    : undefined;
}

/**
 * The deployment a workflow run is, when the first matching rule without a
 * job names its workflow: one attempt of the run rolls out its sha to the
 * rule's environment. A run that completed without running (skipped,
 * neutral) is no deployment.
 */
export function deploymentOfRun(
  repository: string,
  run: WorkflowRun,
  rules: DeploymentWorkflowRule[],
): z.input<typeof deploymentEventSchema> | undefined {
  const rule = rules.find(r => !r.job && matches(r.workflow, run.name ?? ''));
  const status = rule && statusOf(run.status, run.conclusion);
  if (!rule || !status) return undefined;
  return {
    source: WORKFLOW_DEPLOYMENT_SOURCE,
    externalId: `${run.id}-${run.run_attempt ?? 1}`,
    repository,
    environment: rule.environment,
    sha: run.head_sha,
    ref: run.head_branch ?? undefined,
    status,
    startedAt: run.run_started_at ?? run.created_at,
    finishedAt: run.status === 'completed' ? run.updated_at : undefined,
    workflow: run.name ?? undefined,
    url: run.html_url,
  };
}

/** Whether some rule makes deployments of the jobs of this workflow's runs. */
export function hasJobRules(
  workflow: string | null | undefined,
  rules: DeploymentWorkflowRule[],
): boolean {
  return rules.some(r => r.job && matches(r.workflow, workflow ?? ''));
}

/** The fields of a GitHub Actions job this mapping reads. */
export interface WorkflowJob {
  id: number;
  run_id: number;
  name: string;
  head_sha: string;
  head_branch?: string | null;
  status?: string | null;
  conclusion?: string | null;
  created_at?: string | null;
  started_at?: string | null;
  completed_at?: string | null;
  html_url?: string | null;
}

/**
 * The deployment a job of a run of `workflow` is, when the first rule
 * matching both names is a job rule: each attempt's job (a re-run makes new
 * jobs) rolls out its sha to the rule's environment.
 */
export function deploymentOfJob(
  repository: string,
  workflow: string | null | undefined,
  job: WorkflowJob,
  rules: DeploymentWorkflowRule[],
): z.input<typeof deploymentEventSchema> | undefined {
  const rule = rules.find(
    r =>
      r.job && matches(r.workflow, workflow ?? '') && matches(r.job, job.name),
  );
  const status = rule && statusOf(job.status, job.conclusion);
  if (!rule || !status) return undefined;
  return {
    source: WORKFLOW_DEPLOYMENT_SOURCE,
    externalId: `job-${job.id}`,
    repository,
    environment: rule.environment,
    sha: job.head_sha,
    ref: job.head_branch ?? undefined,
    status,
    startedAt: job.started_at ?? job.created_at ?? undefined,
    finishedAt:
      job.status === 'completed' ? job.completed_at ?? undefined : undefined,
    // the workflow, as entities' workflow filters name it
    workflow: workflow ?? undefined,
    url: job.html_url ?? undefined,
  };
}
