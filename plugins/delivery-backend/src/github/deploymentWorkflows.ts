import { Entity } from '@backstage/catalog-model';
import { z } from 'zod';
import { deploymentEventSchema } from '../service/schemas';

/**
 * Entity annotation naming the GitHub Actions workflows whose runs are
 * deployments, for repositories that deploy without the Deployments API:
 * comma-separated `workflow pattern=environment` entries (`*` matches any
 * text, case-insensitive); an entry without `=environment` deploys to
 * `production`. Example: `Deploy=production, Deploy staging*=staging`.
 */
export const ANNOTATION_DEPLOYMENT_WORKFLOWS =
  'launchpad.dev/deployment-workflows';

/** `source` of the deployments made from workflow runs. */
export const WORKFLOW_DEPLOYMENT_SOURCE = 'github-actions';

export interface DeploymentWorkflowRule {
  /** a workflow name pattern, `*` matching any text */
  workflow: string;
  environment: string;
}

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
    .map(([workflow, environment]) => ({
      workflow: workflow.trim(),
      environment: environment?.trim() || 'production',
    }))
    .filter(rule => rule.workflow);
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

/**
 * The deployment a workflow run is, when the first matching rule names its
 * workflow: one attempt of the run rolls out its sha to the rule's
 * environment. A run that completed without running (skipped, neutral) is
 * no deployment.
 */
export function deploymentOfRun(
  repository: string,
  run: WorkflowRun,
  rules: DeploymentWorkflowRule[],
): z.input<typeof deploymentEventSchema> | undefined {
  const rule = rules.find(r => matches(r.workflow, run.name ?? ''));
  if (!rule) return undefined;
  const completed = run.status === 'completed';
  let status: z.input<typeof deploymentEventSchema>['status'] | undefined;
  if (!completed) {
    status = run.status === 'in_progress' ? 'in_progress' : 'queued';
  } else if (Object.hasOwn(OUTCOMES, run.conclusion ?? '')) {
    status = OUTCOMES[run.conclusion!];
  }
  if (!status) return undefined;
  return {
    source: WORKFLOW_DEPLOYMENT_SOURCE,
    externalId: `${run.id}-${run.run_attempt ?? 1}`,
    repository,
    environment: rule.environment,
    sha: run.head_sha,
    ref: run.head_branch ?? undefined,
    status,
    startedAt: run.run_started_at ?? run.created_at,
    finishedAt: completed ? run.updated_at : undefined,
    workflow: run.name ?? undefined,
    url: run.html_url,
  };
}
