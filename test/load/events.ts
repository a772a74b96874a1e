/**
 * Delivery events for the load: deployments and commits with unique natural
 * keys, so every request inserts rather than updates, timed inside the
 * default 30-day metrics window.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A 40-character commit sha made of two counters. */
export const sha = (a: number, b: number) =>
  `${a.toString(16).padStart(20, '0')}${b.toString(16).padStart(20, '0')}`;

export const loadRepository = (service: number) => `load/svc-${service}`;
export const loadEntityRef = (service: number) =>
  `component:default/load-svc-${service}`;

export type Deployment = {
  externalId: string;
  repository: string;
  environment: string;
  sha: string;
  status: 'success';
  startedAt: string;
  finishedAt: string;
  workflow: string;
};

export function deployment(options: {
  externalId: string;
  repository: string;
  sha: string;
  finishedAt: number;
}): Deployment {
  return {
    externalId: options.externalId,
    repository: options.repository,
    environment: 'production',
    sha: options.sha,
    status: 'success',
    startedAt: new Date(options.finishedAt - 5 * 60_000).toISOString(),
    finishedAt: new Date(options.finishedAt).toISOString(),
    workflow: 'deploy',
  };
}

/**
 * Makes batches of deployments spread over the given repositories, each with
 * a new external id: `next()` returns the JSON body of the next batch.
 */
export function deploymentBatches(options: {
  runId: string;
  batchSize: number;
  repositories: string[];
  now?: number;
}) {
  const { runId, batchSize, repositories } = options;
  const now = options.now ?? Date.now();
  let counter = 0;
  return {
    next(): string {
      const items: Deployment[] = [];
      for (let i = 0; i < batchSize; i++, counter++) {
        items.push(
          deployment({
            externalId: `load-${runId}-${counter}`,
            repository: repositories[counter % repositories.length],
            sha: sha(0xfeed, counter),
            // spread over the last 29 days, newest first
            finishedAt: now - HOUR - ((counter * 7919) % (29 * DAY)),
          }),
        );
      }
      return JSON.stringify({ items });
    },
    get sent() {
      return counter;
    },
  };
}

/**
 * The history every load service starts with: `perService` commits, each
 * deployed to production an hour after it was pushed, one a day or so.
 */
export function seedHistory(
  service: number,
  perService: number,
  now = Date.now(),
) {
  const repository = loadRepository(service);
  const commits = [];
  const deployments = [];
  for (let k = 0; k < perService; k++) {
    const deployedAt = now - (k + 1) * DAY + service * 1000;
    const commitSha = sha(service + 1, k + 1);
    commits.push({
      type: 'commit',
      repository,
      sha: commitSha,
      authoredAt: new Date(deployedAt - 3 * HOUR).toISOString(),
      pushedAt: new Date(deployedAt - HOUR).toISOString(),
      message: `Change ${k} of service ${service}`,
    });
    deployments.push(
      deployment({
        externalId: `seed-${service}-${k}`,
        repository,
        sha: commitSha,
        finishedAt: deployedAt,
      }),
    );
  }
  return { commits, deployments };
}
