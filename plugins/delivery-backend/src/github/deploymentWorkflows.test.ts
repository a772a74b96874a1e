import {
  WorkflowJob,
  WorkflowRun,
  deploymentOfJob,
  deploymentOfRun,
  hasJobRules,
  parseDeploymentWorkflows,
} from './deploymentWorkflows';

const run = (o: Partial<WorkflowRun>): WorkflowRun => ({
  id: 42,
  name: 'Deploy production',
  run_attempt: 2,
  head_branch: 'main',
  head_sha: 'a'.repeat(40),
  status: 'completed',
  conclusion: 'success',
  created_at: '2026-01-05T10:00:00Z',
  run_started_at: '2026-01-05T10:01:00Z',
  updated_at: '2026-01-05T10:09:00Z',
  html_url: 'https://github.com/acme/svc/actions/runs/42',
  ...o,
});

describe('deployment workflows', () => {
  it('reads the annotation: patterns with an environment, production by default', () => {
    expect(
      parseDeploymentWorkflows(
        ' Deploy prod*=production, Staging deploy = staging ,smoke,, ',
      ),
    ).toEqual([
      { workflow: 'Deploy prod*', environment: 'production' },
      { workflow: 'Staging deploy', environment: 'staging' },
      { workflow: 'smoke', environment: 'production' },
    ]);
    expect(parseDeploymentWorkflows(undefined)).toEqual([]);
  });

  it('makes one deployment per attempt of a matching run, the first matching rule naming the environment', () => {
    const rules = parseDeploymentWorkflows('deploy STAG*=staging, deploy*');
    expect(deploymentOfRun('acme/svc', run({}), rules)).toEqual({
      source: 'github-actions',
      externalId: '42-2',
      repository: 'acme/svc',
      environment: 'production',
      sha: 'a'.repeat(40),
      ref: 'main',
      status: 'success',
      startedAt: '2026-01-05T10:01:00Z',
      finishedAt: '2026-01-05T10:09:00Z',
      workflow: 'Deploy production',
      url: 'https://github.com/acme/svc/actions/runs/42',
    });
    expect(
      deploymentOfRun('acme/svc', run({ name: 'Deploy staging' }), rules)
        ?.environment,
    ).toBe('staging');
    // `*` is the only wildcard: other characters match themselves
    expect(
      deploymentOfRun(
        'acme/svc',
        run({ name: 'CI' }),
        parseDeploymentWorkflows('C.'),
      ),
    ).toBeUndefined();
  });

  it.each([
    ['completed', 'failure', 'failure'],
    ['completed', 'timed_out', 'failure'],
    ['completed', 'startup_failure', 'failure'],
    ['completed', 'cancelled', 'cancelled'],
    ['completed', 'skipped', undefined],
    ['completed', 'neutral', undefined],
    ['in_progress', null, 'in_progress'],
    ['queued', null, 'queued'],
    ['waiting', null, 'queued'],
  ])(
    'a run %s with conclusion %s is a deployment %s, finished only when completed',
    (status, conclusion, expected) => {
      const deployment = deploymentOfRun(
        'acme/svc',
        run({ status, conclusion }),
        parseDeploymentWorkflows('Deploy*'),
      );
      expect(
        deployment && {
          status: deployment.status,
          finished: deployment.finishedAt !== undefined,
        },
      ).toEqual(
        expected && { status: expected, finished: status === 'completed' },
      );
    },
  );

  it('reads job rules in GitHub\'s "workflow / job" notation', () => {
    expect(
      parseDeploymentWorkflows(
        'CI / deploy-prod*=production, Release / eu / west=staging, CI / =x',
      ),
    ).toEqual([
      { workflow: 'CI', job: 'deploy-prod*', environment: 'production' },
      { workflow: 'Release', job: 'eu / west', environment: 'staging' },
    ]);
  });

  it('makes deployments of the matching jobs of a run, not of the run itself', () => {
    const rules = parseDeploymentWorkflows(
      'CI / deploy-stag*=staging, CI / deploy*',
    );
    expect(hasJobRules('ci', rules)).toBe(true);
    expect(hasJobRules('Lint', rules)).toBe(false);
    expect(deploymentOfRun('acme/svc', run({ name: 'CI' }), rules)).toBe(
      undefined,
    );
    const job: WorkflowJob = {
      id: 7,
      run_id: 42,
      name: 'deploy-prod',
      head_sha: 'b'.repeat(40),
      head_branch: 'main',
      status: 'completed',
      conclusion: 'timed_out',
      created_at: '2026-01-05T10:00:00Z',
      started_at: '2026-01-05T10:01:00Z',
      completed_at: '2026-01-05T10:05:00Z',
      html_url: 'https://github.com/acme/svc/actions/runs/42/job/7',
    };
    expect(deploymentOfJob('acme/svc', 'CI', job, rules)).toEqual({
      source: 'github-actions',
      externalId: 'job-7',
      repository: 'acme/svc',
      environment: 'production',
      sha: 'b'.repeat(40),
      ref: 'main',
      status: 'failure',
      startedAt: '2026-01-05T10:01:00Z',
      finishedAt: '2026-01-05T10:05:00Z',
      workflow: 'CI',
      url: 'https://github.com/acme/svc/actions/runs/42/job/7',
    });
    expect(
      deploymentOfJob(
        'acme/svc',
        'CI',
        { ...job, name: 'deploy-staging', status: 'queued', conclusion: null },
        rules,
      ),
    ).toMatchObject({
      environment: 'staging',
      status: 'queued',
      finishedAt: undefined,
    });
    expect(
      deploymentOfJob('acme/svc', 'CI', { ...job, name: 'build' }, rules),
    ).toBeUndefined();
    expect(deploymentOfJob('acme/svc', 'Release', job, rules)).toBeUndefined();
  });
});
