import { DAY, HOUR, T0, at, sha } from '../../__testUtils__/fixtures';
import {
  ChangeInput,
  DeploymentInput,
  IncidentInput,
  ReferenceHistory,
  referenceDora,
} from './referenceDora';

const H = 3600; // seconds per hour
const SCOPE = {
  entityRef: 'component:default/svc',
  repository: 'acme/svc',
  workflows: [],
  productionEnvironments: ['production', 'production-eu'],
};

function deploy(
  externalId: string,
  o: {
    sha: string;
    at: number;
    environment?: string;
    status?: DeploymentInput['status'];
    rollback?: boolean;
    hotfix?: boolean;
  },
): DeploymentInput[] {
  const base = {
    externalId,
    repository: SCOPE.repository,
    environment: o.environment ?? 'production',
    sha: sha(o.sha),
    rollback: o.rollback,
    hotfix: o.hotfix,
  };
  return [
    { ...base, status: 'in_progress', startedAt: at(o.at - 0.1) },
    {
      ...base,
      status: o.status ?? 'success',
      startedAt: at(o.at - 0.1),
      finishedAt: at(o.at),
    },
  ];
}

function pr(
  number: number,
  o: {
    sha: string;
    commits: number[];
    merged: number;
    method?: 'merge' | 'squash' | 'rebase';
    labels?: string[];
    fixesIncident?: string;
  },
): ChangeInput {
  const commitShas = o.commits.map((_, i) => sha(`${o.sha}-${i}`));
  return {
    type: 'pull_request',
    repository: SCOPE.repository,
    number,
    mergedAt: at(o.merged),
    // a rebase merge lands the pull request's commits themselves
    mergeCommitSha:
      o.method === 'rebase' ? commitShas[commitShas.length - 1] : sha(o.sha),
    mergeMethod: o.method ?? 'merge',
    labels: o.labels ?? [],
    fixesIncident: o.fixesIncident,
    commits: o.commits.map((h, i) => ({
      sha: commitShas[i],
      authoredAt: at(h),
    })),
  };
}

function incident(
  externalId: string,
  o: {
    start: number;
    resolve?: number;
    deployment?: string;
    rootCauseSha?: string;
    notChangeRelated?: boolean;
  },
): IncidentInput {
  return {
    externalId,
    entityRef: SCOPE.entityRef,
    startedAt: at(o.start),
    resolvedAt: o.resolve === undefined ? undefined : at(o.resolve),
    deployment: o.deployment,
    rootCauseSha: o.rootCauseSha ? sha(o.rootCauseSha) : undefined,
    notChangeRelated: o.notChangeRelated,
  };
}

function figures(
  history: Partial<ReferenceHistory>,
  fromHours: number,
  toHours: number,
) {
  return referenceDora(
    { deployments: [], changes: [], incidents: [], ...history },
    {
      scope: SCOPE,
      from: T0 + fromHours * HOUR,
      to: T0 + toHours * HOUR,
      attributionWindowMs: 24 * HOUR,
    },
  );
}

describe('referenceDora', () => {
  it('counts every change a deployment ships first, from its first commit, whatever the merge method', () => {
    const f = figures(
      {
        changes: [
          pr(1, { sha: 'a0', commits: [-60], merged: -50 }),
          pr(2, { sha: 'a1', commits: [1, 0], merged: 2, method: 'squash' }),
          // a rebase merge: its commits are also pushed, and stay one change
          pr(3, { sha: 'a2', commits: [1, 2], merged: 3, method: 'rebase' }),
          {
            type: 'commit',
            repository: 'acme/svc',
            sha: sha('a2-0'),
            authoredAt: at(1),
            pushedAt: at(3),
          },
          {
            type: 'commit',
            repository: 'acme/svc',
            sha: sha('a2-1'),
            authoredAt: at(2),
            pushedAt: at(3),
          },
          // a direct push, authored at 4
          {
            type: 'commit',
            repository: 'acme/svc',
            sha: sha('a3'),
            authoredAt: at(4),
            pushedAt: at(5),
          },
          // landed after the deployed sha: not shipped
          pr(5, { sha: 'a4', commits: [6], merged: 11 }),
        ],
        deployments: [
          ...deploy('d0', { sha: 'a0', at: -47 }),
          ...deploy('d1', { sha: 'a3', at: 10 }),
        ],
      },
      0,
      24,
    );
    expect(f.deploymentFrequency.count).toBe(1);
    // 10h (squash), 9h (rebase), 6h (push)
    expect(f.changeLeadTime).toEqual({ median: 9 * H, p90: 9.8 * H, n: 3 });
  });

  it('gives a stream its first deployment the changes of the 30 days before it', () => {
    const f = figures(
      {
        changes: [
          pr(1, { sha: 'old', commits: [-41 * 24], merged: -40 * 24 }),
          pr(2, { sha: 'mid', commits: [-11 * 24], merged: -10 * 24 }),
        ],
        deployments: deploy('first', { sha: 'mid', at: 0 }),
      },
      -1,
      24,
    );
    expect(f.changeLeadTime).toEqual({
      median: 11 * 24 * H,
      p90: 11 * 24 * H,
      n: 1,
    });
  });

  it('takes the outcome from the latest final status, never demoted by a late in_progress, and counts a re-sent event once', () => {
    const late: DeploymentInput = {
      externalId: 'd1',
      repository: 'acme/svc',
      environment: 'Production',
      sha: sha('b1'),
      status: 'in_progress',
      startedAt: at(5),
    };
    const f = figures(
      {
        deployments: [
          late,
          ...deploy('d1', { sha: 'b1', at: 1, environment: 'Production' }),
          ...deploy('d1', { sha: 'b1', at: 1, environment: 'Production' }),
          ...deploy('failed', { sha: 'b2', at: 2, status: 'failure' }),
          ...deploy('staging', { sha: 'b2', at: 3, environment: 'staging' }),
        ],
      },
      0,
      7 * 24,
    );
    expect(f.deploymentFrequency).toEqual({
      count: 1,
      medianDeployDaysPerWeek: 1,
    });
  });

  it('keeps streams apart: a rollback repairs the previous deployment of its own stream', () => {
    const f = figures(
      {
        deployments: [
          ...deploy('us1', { sha: 'c1', at: 0 }),
          ...deploy('eu1', { sha: 'c1', at: 1, environment: 'production-eu' }),
          ...deploy('us2', { sha: 'c2', at: 2 }),
          ...deploy('eu2', { sha: 'c2', at: 3, environment: 'production-eu' }),
          ...deploy('eu3', {
            sha: 'c1',
            at: 5,
            environment: 'production-eu',
            rollback: true,
          }),
        ],
      },
      0,
      24,
    );
    expect(f.changeFailureRate).toEqual({ numerator: 1, denominator: 5 });
    // eu2 failed at 3 and was rolled back at 5
    expect(f.failedDeploymentRecoveryTime).toEqual({
      median: 2 * H,
      p90: 2 * H,
      n: 1,
    });
    expect(f.deploymentReworkRate).toEqual({ numerator: 1, denominator: 5 });
  });

  it('attributes incidents by deployment id, by sha, by time window, or not at all', () => {
    const f = figures(
      {
        changes: [
          pr(1, { sha: 'e1', commits: [-1], merged: -0.5 }),
          pr(2, { sha: 'e2', commits: [60], merged: 69 }),
          pr(3, { sha: 'e3', commits: [60], merged: 99 }),
        ],
        deployments: [
          ...deploy('d1', { sha: 'e1', at: 0 }),
          ...deploy('d2', { sha: 'e2', at: 70 }),
          ...deploy('d3', { sha: 'e3', at: 100 }),
          ...deploy('d4', { sha: 'e4', at: 200 }),
        ],
        incidents: [
          incident('by-sha', { start: 101, resolve: 102, rootCauseSha: 'e1' }),
          incident('by-window', { start: 103, resolve: 105 }),
          incident('too-late', { start: 130, resolve: 133 }),
          incident('ops', { start: 72, resolve: 76, notChangeRelated: true }),
        ],
      },
      0,
      150,
    );
    // d1 and d3 failed; d2 (the flagged incident) did not
    expect(f.changeFailureRate).toEqual({ numerator: 2, denominator: 3 });
    // d1: from 0 to its incident's resolution at 102 (the first deployment
    // after detection at 101 is d4 at 200): 102h; d3: from 100 to 105
    expect(f.failedDeploymentRecoveryTime).toEqual({
      median: 53.5 * H,
      p90: 92.3 * H,
      n: 2,
    });
    // time to restore counts every incident: 1h, 2h, 3h, 4h
    expect(f.timeToRestoreService).toEqual({
      median: 2.5 * H,
      p90: 3.7 * H,
      n: 4,
    });
  });

  it('keeps an incident link when a resolve-only update arrives, and starts recovery at an incident before its deployment', () => {
    const opened = incident('i1', { start: 4, deployment: 'd1' });
    const resolved: IncidentInput = {
      externalId: 'i1',
      entityRef: SCOPE.entityRef,
      startedAt: at(4),
      resolvedAt: at(9),
    };
    const f = figures(
      {
        deployments: [
          ...deploy('d1', { sha: 'g1', at: 5 }),
          ...deploy('d2', { sha: 'g2', at: 6 }),
        ],
        incidents: [resolved, opened],
      },
      0,
      24,
    );
    expect(f.changeFailureRate.numerator).toBe(1);
    expect(f.failedDeploymentRecoveryTime.median).toBe(2 * H);
  });

  it('lets a hotfix that fixes an incident mark the incident’s deployment, not the previous one', () => {
    const f = figures(
      {
        changes: [
          pr(1, { sha: 'h1', commits: [0], merged: 1 }),
          pr(2, { sha: 'h2', commits: [2], merged: 3 }),
          pr(3, {
            sha: 'h3',
            commits: [5],
            merged: 6,
            labels: ['Hotfix'],
            fixesIncident: 'i1',
          }),
        ],
        deployments: [
          ...deploy('d1', { sha: 'h1', at: 2 }),
          ...deploy('d2', { sha: 'h2', at: 4 }),
          ...deploy('d3', { sha: 'h3', at: 7 }),
        ],
        incidents: [incident('i1', { start: 4.5, deployment: 'd1' })],
      },
      0,
      24,
    );
    expect(f.changeFailureRate).toEqual({ numerator: 1, denominator: 3 });
    // d1: from 2 to the first deployment after detection at 4.5, d3 at 7
    expect(f.failedDeploymentRecoveryTime.median).toBe(5 * H);
    // d3 is a hotfix that also fixes an open incident: rework once
    expect(f.deploymentReworkRate).toEqual({ numerator: 1, denominator: 3 });
  });

  it('counts a deployment fixing an open incident as rework, not one fixing a resolved incident', () => {
    const f = figures(
      {
        changes: [
          pr(1, { sha: 'k1', commits: [0], merged: 1, fixesIncident: 'open' }),
          pr(2, {
            sha: 'k2',
            commits: [2],
            merged: 3,
            fixesIncident: 'closed',
          }),
        ],
        deployments: [
          ...deploy('d1', { sha: 'k1', at: 2 }),
          ...deploy('d2', { sha: 'k2', at: 4 }),
        ],
        incidents: [
          incident('open', { start: -100, notChangeRelated: true }),
          incident('closed', {
            start: -100,
            resolve: -90,
            notChangeRelated: true,
          }),
        ],
      },
      0,
      24,
    );
    expect(f.deploymentReworkRate).toEqual({ numerator: 1, denominator: 2 });
    expect(f.changeFailureRate.numerator).toBe(0);
  });

  it('takes the median over the window’s full weeks of the days with a deployment', () => {
    const days = [0, 0.5, 1, 8, 15, 16, 17, 29.5];
    const f = figures(
      {
        deployments: days.flatMap((d, i) =>
          deploy(`d${i}`, { sha: `m${i}`, at: d * 24 }),
        ),
      },
      0,
      (30 * DAY) / HOUR,
    );
    // weeks: 2, 1, 3, 0 deploy days; the last two days are no full week
    expect(f.deploymentFrequency).toEqual({
      count: 8,
      medianDeployDaysPerWeek: 1.5,
    });
  });

  it('groups deploy days into weeks of seven calendar days from the day of the window start', () => {
    // the window starts at noon on day 0: day 7 before noon is in the second week
    const hours = [7 * 24 + 5, 8 * 24, 14 * 24 + 13, 15 * 24 + 13];
    const f = figures(
      {
        deployments: hours.flatMap((h, i) =>
          deploy(`d${i}`, { sha: `w${i}`, at: h }),
        ),
      },
      12,
      12 + 21 * 24,
    );
    // weeks: 0, 2 (days 7 and 8), 2 (days 14 and 15) deploy days
    expect(f.deploymentFrequency).toEqual({
      count: 4,
      medianDeployDaysPerWeek: 2,
    });
  });

  it('blames a root-cause sha on the first deployment that shipped it, in any stream', () => {
    const f = figures(
      {
        changes: [
          pr(1, { sha: 'r1', commits: [0], merged: 1 }),
          pr(2, { sha: 'r2', commits: [1], merged: 2 }),
        ],
        deployments: [
          // ships r1 with r2 first, in the EU stream
          ...deploy('eu', { sha: 'r2', at: 3, environment: 'production-eu' }),
          ...deploy('us', { sha: 'r1', at: 4 }),
        ],
        incidents: [
          incident('i1', { start: 5, resolve: 6, rootCauseSha: 'r1' }),
        ],
      },
      0,
      24,
    );
    expect(f.changeFailureRate).toEqual({ numerator: 1, denominator: 2 });
    // from the EU deployment at 3 to the resolution at 6
    expect(f.failedDeploymentRecoveryTime.median).toBe(3 * H);
  });

  it('attributes by time window an incident whose explicit link names no production deployment', () => {
    const f = figures(
      {
        deployments: [
          ...deploy('prod', { sha: 's1', at: 1 }),
          ...deploy('stage', { sha: 's2', at: 2, environment: 'staging' }),
        ],
        incidents: [
          incident('i1', { start: 3, resolve: 4, deployment: 'stage' }),
        ],
      },
      0,
      24,
    );
    expect(f.changeFailureRate).toEqual({ numerator: 1, denominator: 1 });
    expect(f.failedDeploymentRecoveryTime.median).toBe(3 * H);
  });

  it('credits a first deployment with a change landed exactly 30 days before it', () => {
    const f = figures(
      {
        changes: [
          pr(1, { sha: 'l1', commits: [-30 * 24 - 1], merged: -30 * 24 }),
        ],
        deployments: deploy('first', { sha: 'l1', at: 0 }),
      },
      -1,
      24,
    );
    expect(f.changeLeadTime.n).toBe(1);
    expect(f.changeLeadTime.median).toBe((30 * 24 + 1) * H);
  });
});
