/**
 * The answers a newcomer would give each template's form. A new template
 * without answers here fails the contract tests until it gets some.
 */
const newService = (name: string) => ({
  name,
  description: `Sample service ${name} rendered by the template contract tests`,
  owner: 'group:default/payments',
  system: 'system:default/payments',
  repoLocation: { target: 'local' },
  awsRegion: 'eu-west-1',
  environments: ['staging', 'production'],
  onCall: '#payments-oncall',
  availabilityObjective: 99.9,
  latencyObjectiveMs: 300,
  latencyObjective: 99,
});

export const SAMPLE_ANSWERS: Record<string, object> = {
  'typescript-service.yaml': newService('orders-api'),
  'python-service.yaml': {
    ...newService('pricing-api'),
    awsAccountId: '210987654321',
    availabilityObjective: 99.95,
    latencyObjectiveMs: 1000,
    latencyObjective: 95,
  },
  'typescript-worker.yaml': {
    ...newService('invoice-worker'),
    environments: ['production'],
    onCall: 'billing-oncall@example.com',
    intervalSeconds: 300,
  },
  'add-launchpad-layers.yaml': {
    name: 'payments-api',
    owner: 'group:default/payments',
    repoLocation: { target: 'local' },
    language: 'python',
    kind: 'service',
    branchName: 'launchpad/add-golden-path-layers',
    awsRegion: 'eu-central-1',
    environments: ['staging', 'production'],
    onCall: 'payments@example.com',
    availabilityObjective: 99.5,
    latencyObjectiveMs: 500,
    latencyObjective: 99,
  },
};

/** The same answers for a portal that publishes to GitHub. */
export function onGithub(answers: object, repo: string): object {
  return {
    ...answers,
    repoLocation: { target: 'github', owner: 'acme', repo },
    awsAccountId: '210987654321',
  };
}
