import { DEMO_SOURCE, ServiceScope } from '../database/DeliveryStore';
import {
  CommitEvent,
  DeploymentEvent,
  IncidentEvent,
  PipelineRunEvent,
  PullRequestEvent,
} from '../service/schemas';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface DemoProfile {
  level: 'elite' | 'high' | 'medium' | 'low';
  /** probability that a weekday has merges */
  mergeDayChance: number;
  mergesPerDay: [number, number];
  /** probability that a day with merges ends with a production deployment */
  deployChance: number;
  /** first commit to merge, hours */
  pullRequestAgeHours: [number, number];
  failureChance: number;
  recoveryHours: [number, number];
  /** probability that a rollout itself fails (never reaches production) */
  rolloutFailureChance: number;
}

export const DEMO_PROFILES: DemoProfile[] = [
  {
    level: 'elite',
    mergeDayChance: 1,
    mergesPerDay: [3, 6],
    deployChance: 1,
    pullRequestAgeHours: [1, 8],
    failureChance: 0.03,
    recoveryHours: [0.2, 0.8],
    rolloutFailureChance: 0.03,
  },
  {
    level: 'high',
    mergeDayChance: 0.6,
    mergesPerDay: [1, 3],
    deployChance: 0.6,
    pullRequestAgeHours: [8, 60],
    failureChance: 0.08,
    recoveryHours: [2, 12],
    rolloutFailureChance: 0.05,
  },
  {
    level: 'medium',
    mergeDayChance: 0.5,
    mergesPerDay: [1, 2],
    deployChance: 0.18,
    pullRequestAgeHours: [48, 192],
    failureChance: 0.13,
    recoveryHours: [30, 110],
    rolloutFailureChance: 0.08,
  },
  {
    level: 'low',
    mergeDayChance: 0.35,
    mergesPerDay: [1, 2],
    deployChance: 0.06,
    pullRequestAgeHours: [400, 900],
    failureChance: 0.3,
    recoveryHours: [200, 320],
    rolloutFailureChance: 0.1,
  },
];

/** A service's profile, derived from its entity ref alone. */
export function profileOf(entityRef: string): DemoProfile {
  return DEMO_PROFILES[hash(entityRef) % DEMO_PROFILES.length];
}

export interface DemoHistory {
  changes: Array<CommitEvent | PullRequestEvent>;
  deployments: DeploymentEvent[];
  incidents: IncidentEvent[];
  pipelineRuns: PipelineRunEvent[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Logins of the example organisation's engineers, who start the demo runs. */
const DEMO_ACTORS = [
  'ada.lovelace',
  'grace.hopper',
  'linus.torvalds',
  'margaret.hamilton',
];

/** Titles of the demo pull requests: what a team's everyday changes are called. */
const DEMO_CHANGE_TITLES = [
  'Add retry with backoff to the ledger client',
  'Fix rounding of totals in mixed currencies',
  'Log the request id with every error',
  'Cache exchange rates for five minutes',
  'Remove the unused v1 refunds endpoint',
  'Paginate the transactions list',
  'Check webhook signatures before parsing the body',
  'Upgrade the base image to Node.js 22',
  'Add a readiness probe',
  'Speed up the settlement report query',
  'Handle timeouts from the card network',
  'Export the queue depth as a metric',
  'Split the order state machine into smaller steps',
  'Fix the flaky checkout integration test',
  'Show the last four card digits on receipts',
  'Add an index on payments.created_at',
  'Update dependencies',
  'Make the idempotency key lifetime configurable',
  'Answer 429 when the rate limit is reached',
  'Document the refunds API',
  'Stop logging health checks',
  'Move feature flags to the config service',
  'Validate postcodes before calling the address service',
  'Send the order confirmation e-mail from a queue',
];

/**
 * A demo pull request's title, picked by its repository and number alone
 * (so that the day's random draws stay as they were).
 */
function demoChangeTitle(repository: string, number: number): string {
  return DEMO_CHANGE_TITLES[
    hash(`${repository}#${number}`) % DEMO_CHANGE_TITLES.length
  ];
}

/**
 * A year of history ending at the start of the UTC day of `now`. Each day is
 * generated from (service, day number) alone, so the same day always yields
 * the same events with the same natural keys, whatever the clock.
 */
export function generateDemoHistory(
  scope: ServiceScope,
  now: number,
  days = 365,
): DemoHistory {
  const profile = profileOf(scope.entityRef);
  const end = Math.floor(now / DAY) * DAY;
  const firstDay = end / DAY - days;
  const out: DemoHistory = {
    changes: [],
    deployments: [],
    incidents: [],
    pipelineRuns: [],
  };
  const production = scope.productionEnvironments[0] ?? 'production';
  const repo = scope.repository;
  const tag = scope.entityRef.replace(/[^\w]+/g, '-');
  const sha = (r: () => number) =>
    Array.from({ length: 5 }, () =>
      Math.floor(r() * 0xffffffff)
        .toString(16)
        .padStart(8, '0'),
    ).join('');
  const between = (r: () => number, [a, b]: [number, number]) =>
    a + (b - a) * r();
  /**
   * A demo deployment of the repository: from `main`, neither a rollback nor
   * a hotfix unless said, made by a run of the `deploy` workflow (recorded too).
   */
  const deployment = (d: {
    externalId: string;
    environment: string;
    sha: string;
    ref?: string;
    status: DeploymentEvent['status'];
    startedAt: number;
    finishedAt: number;
    rollback?: boolean;
    hotfix?: boolean;
  }): DeploymentEvent => {
    out.pipelineRuns.push({
      externalId: `${d.externalId}-run`,
      source: DEMO_SOURCE,
      repository: repo,
      workflow: 'deploy',
      branch: d.ref ?? 'main',
      sha: d.sha,
      status: 'completed',
      conclusion: d.status === 'success' ? 'success' : 'failure',
      startedAt: iso(d.startedAt),
      finishedAt: iso(d.finishedAt),
      actor: DEMO_ACTORS[hash(d.externalId) % DEMO_ACTORS.length],
      attempt: 1,
    });
    return {
      externalId: d.externalId,
      source: DEMO_SOURCE,
      repository: repo,
      environment: d.environment,
      sha: d.sha,
      ref: d.ref ?? 'main',
      status: d.status,
      startedAt: iso(d.startedAt),
      finishedAt: iso(d.finishedAt),
      rollback: d.rollback ?? false,
      hotfix: d.hotfix ?? false,
      workflow: 'deploy',
    };
  };

  /** the sha in production before a day's deployment: what a rollback redeploys */
  let releasedSha: string | undefined;
  for (let day = firstDay; day < end / DAY; day++) {
    const r = prng(hash(`${scope.entityRef}#${day}`));
    const dayStart = day * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    if (weekday === 0 || weekday === 6 || r() >= profile.mergeDayChance)
      continue;
    const merges = Math.round(between(r, profile.mergesPerDay));
    let lastSha = '';
    let lastMerge = dayStart;
    for (let k = 0; k < merges; k++) {
      const number = (day % 100000) * 10 + k + 1;
      const mergedAt = dayStart + (9 + (8 * (k + r())) / merges) * HOUR;
      const firstCommitAt =
        mergedAt - between(r, profile.pullRequestAgeHours) * HOUR;
      const commitCount = 1 + Math.floor(r() * 4);
      const method = (['merge', 'squash', 'rebase'] as const)[
        Math.floor(r() * 3)
      ];
      const mergeSha = sha(r);
      const commits = Array.from({ length: commitCount }, (_, c) => ({
        sha: sha(r),
        authoredAt: iso(
          firstCommitAt + ((mergedAt - firstCommitAt) * c) / commitCount,
        ),
        message:
          c === 0
            ? `Start change ${number}`
            : `Follow-up ${c} for change ${number}`,
      }));
      out.changes.push({
        type: 'pull_request',
        repository: repo,
        number,
        title: demoChangeTitle(repo, number),
        headRef: `feature/change-${number}`,
        createdAt: commits[0].authoredAt,
        mergedAt: iso(mergedAt),
        mergeCommitSha: mergeSha,
        mergeMethod: method,
        labels: [],
        commits,
      });
      const ciRun: PipelineRunEvent = {
        externalId: `demo-${tag}-ci-${number}`,
        source: DEMO_SOURCE,
        repository: repo,
        workflow: 'ci',
        branch: 'main',
        sha: mergeSha,
        status: 'completed',
        conclusion: r() < 0.92 ? 'success' : 'failure',
        startedAt: iso(mergedAt + 60_000),
        finishedAt: iso(mergedAt + 60_000 + between(r, [3, 12]) * 60_000),
        actor: DEMO_ACTORS[number % DEMO_ACTORS.length],
        attempt: 1,
      };
      out.pipelineRuns.push(ciRun);
      // a separate generator, so that the rest of the day stays as it was
      if (
        ciRun.conclusion === 'failure' &&
        prng(hash(ciRun.externalId))() < 0.5
      ) {
        // re-run, and passing this time: flaky
        const rerunAt = Date.parse(ciRun.finishedAt!) + 5 * 60_000;
        out.pipelineRuns.push({
          ...ciRun,
          conclusion: 'success',
          startedAt: iso(rerunAt),
          finishedAt: iso(rerunAt + 6 * 60_000),
          attempt: 2,
        });
      }
      lastSha = mergeSha;
      lastMerge = mergedAt;
    }
    const deployAt = lastMerge + between(r, [0.5, 2]) * HOUR;
    out.deployments.push(
      deployment({
        externalId: `demo-${tag}-${day}-staging`,
        environment: 'staging',
        sha: lastSha,
        status: 'success',
        startedAt: deployAt - 20 * 60_000,
        finishedAt: deployAt - 10 * 60_000,
      }),
    );
    if (r() >= profile.deployChance) continue;
    if (r() < profile.rolloutFailureChance) {
      out.deployments.push(
        deployment({
          externalId: `demo-${tag}-${day}-attempt`,
          environment: production,
          sha: lastSha,
          status: 'failure',
          startedAt: deployAt - 30 * 60_000,
          finishedAt: deployAt - 25 * 60_000,
        }),
      );
    }
    const deploymentId = `demo-${tag}-${day}-${production}`;
    out.deployments.push(
      deployment({
        externalId: deploymentId,
        environment: production,
        sha: lastSha,
        status: 'success',
        startedAt: deployAt - 10 * 60_000,
        finishedAt: deployAt,
      }),
    );
    if (r() < 0.04) {
      const startedAt = deployAt + (between(r, [30, 300]) * 3_600_000) / 60;
      out.incidents.push({
        externalId: `demo-${tag}-${day}-ops`,
        source: DEMO_SOURCE,
        entityRef: scope.entityRef,
        title: 'Cloud provider degradation',
        severity: 'SEV3',
        startedAt: iso(startedAt + 30 * HOUR),
        resolvedAt: iso(startedAt + 31 * HOUR),
        notChangeRelated: true,
      });
    }
    const rollbackTo = releasedSha;
    releasedSha = lastSha;
    if (r() >= profile.failureChance) continue;
    const recovery = between(r, profile.recoveryHours) * HOUR;
    if (r() < 0.4 && rollbackTo) {
      // rolled back to the previous release
      releasedSha = rollbackTo;
      out.deployments.push(
        deployment({
          externalId: `demo-${tag}-${day}-rollback`,
          environment: production,
          sha: rollbackTo,
          status: 'success',
          startedAt: deployAt + recovery - 5 * 60_000,
          finishedAt: deployAt + recovery,
          rollback: true,
        }),
      );
      continue;
    }
    // an incident, fixed by a hotfix pull request and deployment
    const incidentStart = deployAt + between(r, [0.05, 0.2]) * recovery;
    const incidentId = `demo-${tag}-${day}-incident`;
    const explicit = r() < 0.5;
    out.incidents.push({
      externalId: incidentId,
      source: DEMO_SOURCE,
      entityRef: scope.entityRef,
      title: `Errors after deployment on ${iso(dayStart).slice(0, 10)}`,
      severity: r() < 0.3 ? 'SEV1' : 'SEV2',
      startedAt: iso(incidentStart),
      resolvedAt: iso(deployAt + recovery + 10 * 60_000),
      deployment: explicit ? deploymentId : undefined,
      notChangeRelated: false,
    });
    const hotfixNumber = (day % 100000) * 10 + 9;
    const hotfixMerged =
      incidentStart + 0.7 * (deployAt + recovery - 5 * 60_000 - incidentStart);
    const hotfixSha = sha(r);
    // named as people name them, not after the incident's id
    const date = iso(dayStart).slice(0, 10);
    const hotfixBranch = `hotfix/errors-after-${date}`;
    out.changes.push({
      type: 'pull_request',
      repository: repo,
      number: hotfixNumber,
      title: `Fix the errors after the deployment on ${date}`,
      headRef: hotfixBranch,
      mergedAt: iso(hotfixMerged),
      mergeCommitSha: hotfixSha,
      mergeMethod: 'squash',
      labels: ['hotfix'],
      fixesIncident: incidentId,
      commits: [
        {
          sha: sha(r),
          authoredAt: iso(incidentStart + 0.2 * (hotfixMerged - incidentStart)),
        },
      ],
    });
    out.deployments.push(
      deployment({
        externalId: `demo-${tag}-${day}-hotfix`,
        environment: production,
        sha: hotfixSha,
        ref: hotfixBranch,
        status: 'success',
        startedAt: deployAt + recovery - 5 * 60_000,
        finishedAt: deployAt + recovery,
        hotfix: true,
      }),
    );
    releasedSha = hotfixSha;
  }
  const inPast = (t?: string | null) => !t || Date.parse(t) < end;
  return {
    changes: out.changes.filter(c =>
      c.type === 'pull_request' ? inPast(c.mergedAt) : inPast(c.pushedAt),
    ),
    deployments: out.deployments.filter(d => inPast(d.finishedAt)),
    incidents: out.incidents
      .filter(i => inPast(i.startedAt))
      .map(i => (inPast(i.resolvedAt) ? i : { ...i, resolvedAt: undefined })),
    pipelineRuns: out.pipelineRuns.filter(p => inPast(p.finishedAt)),
  };
}
