import {
  ChangeRow,
  CountedDeploymentRow,
  DeliveryMetricsResponse,
  DeliverySeriesResponse,
  DeploymentRow,
  IncidentRow,
  Page,
  PipelineRunRow,
  PipelineSummaryResponse,
  ServiceDeliveryFigures,
  SyncStatusResponse,
} from '@internal/plugin-delivery-common';

/** A response as the delivery backend sends it for a busy service over 30 days. */
export const metricsResponse: DeliveryMetricsResponse = {
  entityRefs: ['component:default/payments-api'],
  environments: ['production', 'prod', 'live'],
  from: '2026-10-21T00:00:00.000Z',
  to: '2026-11-20T00:00:00.000Z',
  reportYear: 2023,
  minimumSampleSize: 5,
  noDataYet: false,
  aggregation: 'service',
  deploymentFrequency: {
    count: 64,
    perDay: 2.1333333333333333,
    perWeek: 14.933333333333334,
    medianDeployDaysPerWeek: 5,
    sampleSize: 4,
    level: 'elite',
    notEnoughData: false,
  },
  changeLeadTime: {
    median: 19_800,
    p90: 190_080,
    sampleSize: 112,
    level: 'elite',
    notEnoughData: false,
  },
  changeFailureRate: {
    value: 0.078125,
    numerator: 5,
    sampleSize: 64,
    level: 'high',
    notEnoughData: false,
  },
  failedDeploymentRecoveryTime: {
    median: 5_400,
    p90: 12_960,
    sampleSize: 3,
    level: null,
    notEnoughData: true,
  },
  deploymentReworkRate: {
    value: 0.046875,
    numerator: 3,
    sampleSize: 64,
    level: null,
    notEnoughData: false,
  },
  timeToRestoreService: {
    median: 4_200,
    p90: 9_000,
    sampleSize: 4,
    level: null,
    notEnoughData: true,
    openIncidents: ['Q42', 'Q43'],
  },
  dataQuality: {
    deployments: 64,
    linkedDeploymentShare: 0.96875,
    incidentsConfigured: true,
    squashOrRebaseMerges: 41,
    firstDeployment: false,
    clockSkewChanges: 0,
    unrecoveredFailures: 1,
    changesWithoutFirstCommit: 0,
    newestEventAt: '2026-11-19T16:42:10.000Z',
    warnings: [
      '41 squash or rebase merges mapped back to their pull requests',
      '1 failed deployment has not recovered yet',
      'time to restore leaves out 2 open incidents: Q42, Q43',
    ],
  },
};

export const seriesResponse: DeliverySeriesResponse = {
  entityRefs: ['component:default/payments-api'],
  environments: ['production', 'prod', 'live'],
  from: '2026-10-21T00:00:00.000Z',
  to: '2026-11-20T00:00:00.000Z',
  buckets: [0, 1, 2, 3, 4].map(week => ({
    from: new Date(Date.UTC(2026, 9, 21 + 7 * week)).toISOString(),
    to: new Date(
      Math.min(Date.UTC(2026, 9, 28 + 7 * week), Date.UTC(2026, 10, 20)),
    ).toISOString(),
    deployments: 12 + week,
    failedDeployments: week % 2,
    reworkDeployments: week === 3 ? 1 : 0,
    changeFailureRate: (week % 2) / (12 + week),
    leadTimeMedian: week === 4 ? null : 18_000 + 3_600 * week,
    leadTimeSampleSize: week === 4 ? 0 : 20,
    recoveryTimeMedian: null,
    recoverySampleSize: 0,
  })),
};

export const deploymentsResponse: Page<DeploymentRow> = {
  items: [
    {
      id: 812,
      repository: 'acme/payments-api',
      service: null,
      environment: 'production',
      sha: '9fceb02d0ae598e95dc970b74767f19372d61af8',
      ref: 'main',
      status: 'success',
      startedAt: '2026-11-19T16:38:00.000Z',
      finishedAt: '2026-11-19T16:42:10.000Z',
      source: 'github',
      externalId: 'gha-123456-production',
      workflow: 'deploy',
      isRollback: false,
      isHotfix: false,
      url: 'https://github.com/acme/payments-api/actions/runs/123456',
    },
    {
      id: 811,
      repository: 'acme/payments-api',
      service: null,
      environment: 'production',
      sha: '3d4e5f60718293a4b5c6d7e8f901122334455667',
      ref: 'hotfix/card-timeout',
      status: 'success',
      startedAt: '2026-11-19T09:10:00.000Z',
      finishedAt: '2026-11-19T09:13:00.000Z',
      source: 'github',
      externalId: 'gha-123400-production',
      workflow: 'deploy',
      isRollback: false,
      isHotfix: true,
      url: null,
    },
  ],
  totalCount: 64,
  limit: 50,
  offset: 0,
};

/** The deployments the frequency counts: a planned one that failed, a hotfix that repaired it, and a fix of an open incident. */
export const countedDeploymentsResponse: Page<CountedDeploymentRow> = {
  items: [
    {
      ...deploymentsResponse.items[0],
      id: 813,
      externalId: 'gha-123470-production',
      sha: '7a1b2c3d4e5f60718293a4b5c6d7e8f901122334',
      ref: 'refs/heads/fix/double-charge-on-retry-when-card-declines',
      entityRef: 'component:default/payments-api',
      rework: true,
      failed: false,
      recoverySeconds: null,
    },
    {
      ...deploymentsResponse.items[1],
      entityRef: 'component:default/payments-api',
      rework: true,
      failed: false,
      recoverySeconds: null,
    },
    {
      ...deploymentsResponse.items[0],
      id: 810,
      externalId: 'gha-123300-production',
      sha: '1f2e3d4c5b6a79880716253443526170f8e9d0c1',
      ref: 'refs/tags/v2.4.0',
      // a link that is no web address (a script URL)
      url: ['javascript', 'alert(1)'].join(':'),
      finishedAt: '2026-11-18T12:00:00.000Z',
      entityRef: 'component:default/payments-api',
      rework: false,
      failed: true,
      recoverySeconds: 5_400,
    },
  ],
  totalCount: 64,
  limit: 100,
  offset: 0,
};

/** payments-api's own figures, as a group response lists them. */
const paymentsApi: ServiceDeliveryFigures = {
  entityRef: 'component:default/payments-api',
  noDataYet: false,
  deploymentFrequency: metricsResponse.deploymentFrequency,
  changeLeadTime: metricsResponse.changeLeadTime,
  changeFailureRate: metricsResponse.changeFailureRate,
  failedDeploymentRecoveryTime: metricsResponse.failedDeploymentRecoveryTime,
  deploymentReworkRate: metricsResponse.deploymentReworkRate,
  timeToRestoreService: metricsResponse.timeToRestoreService,
};

/** A weekly deployer with slow lead time. */
const paymentsLedger: ServiceDeliveryFigures = {
  ...paymentsApi,
  entityRef: 'component:default/payments-ledger',
  deploymentFrequency: {
    count: 87,
    perDay: 2.9,
    perWeek: 20.3,
    medianDeployDaysPerWeek: 1,
    sampleSize: 4,
    level: 'high',
    notEnoughData: false,
  },
  changeLeadTime: {
    median: 864_000,
    p90: 1_728_000,
    sampleSize: 40,
    level: 'medium',
    notEnoughData: false,
  },
  changeFailureRate: {
    value: 0.25,
    numerator: 22,
    sampleSize: 87,
    level: 'high',
    levelNote:
      'DORA 2024 gives each level a typical change failure rate, not a threshold',
    notEnoughData: false,
  },
  timeToRestoreService: {
    median: null,
    p90: null,
    sampleSize: 0,
    level: null,
    notEnoughData: true,
    openIncidents: [],
  },
};

const empty = { median: null, p90: null, sampleSize: 0 };
const noLevel = { level: null, notEnoughData: true };

/** A service no deployment of which has been recorded. */
const cardGateway: ServiceDeliveryFigures = {
  entityRef: 'component:default/card-gateway',
  noDataYet: true,
  deploymentFrequency: {
    count: 0,
    perDay: 0,
    perWeek: 0,
    medianDeployDaysPerWeek: 0,
    sampleSize: 4,
    ...noLevel,
  },
  changeLeadTime: { ...empty, ...noLevel },
  changeFailureRate: { value: null, numerator: 0, sampleSize: 0, ...noLevel },
  failedDeploymentRecoveryTime: { ...empty, ...noLevel },
  deploymentReworkRate: {
    value: null,
    numerator: 0,
    sampleSize: 0,
    ...noLevel,
  },
  timeToRestoreService: { ...empty, ...noLevel, openIncidents: [] },
};

/**
 * The rollup of group:default/payments: its components and its child
 * group's, each figure the median of the services' own figures.
 */
export const groupMetricsResponse: DeliveryMetricsResponse = {
  ...metricsResponse,
  group: 'group:default/payments',
  aggregation: 'median-of-services',
  entityRefs: [
    'component:default/payments-api',
    'component:default/payments-ledger',
    'component:default/card-gateway',
  ],
  deploymentFrequency: {
    ...metricsResponse.deploymentFrequency,
    count: 151,
    perDay: 5.033333333333333,
    perWeek: 35.233333333333334,
    servicesCounted: 2,
  },
  changeLeadTime: { ...metricsResponse.changeLeadTime, servicesCounted: 2 },
  changeFailureRate: {
    ...metricsResponse.changeFailureRate,
    servicesCounted: 2,
  },
  failedDeploymentRecoveryTime: {
    ...metricsResponse.failedDeploymentRecoveryTime,
    servicesCounted: 0,
  },
  deploymentReworkRate: {
    ...metricsResponse.deploymentReworkRate,
    servicesCounted: 2,
  },
  timeToRestoreService: {
    ...metricsResponse.timeToRestoreService,
    servicesCounted: 0,
  },
  services: [paymentsApi, paymentsLedger, cardGateway],
};

/**
 * Every service of the organisation: the payments services and a service
 * of another team whose figures are all at low levels.
 */
const search: ServiceDeliveryFigures = {
  ...paymentsLedger,
  entityRef: 'component:default/search',
  deploymentFrequency: {
    ...paymentsLedger.deploymentFrequency,
    count: 2,
    perDay: 2 / 30,
    perWeek: 0.4666666666666667,
    level: 'low',
  },
};

export const organisationMetricsResponse: DeliveryMetricsResponse = {
  ...groupMetricsResponse,
  group: undefined,
  entityRefs: [...groupMetricsResponse.entityRefs, search.entityRef],
  services: [paymentsApi, paymentsLedger, cardGateway, search],
  teams: [
    {
      ...search,
      entityRef: 'group:default/discovery',
      services: 1,
    },
    {
      noDataYet: false,
      deploymentFrequency: groupMetricsResponse.deploymentFrequency,
      changeLeadTime: groupMetricsResponse.changeLeadTime,
      changeFailureRate: groupMetricsResponse.changeFailureRate,
      failedDeploymentRecoveryTime:
        groupMetricsResponse.failedDeploymentRecoveryTime,
      deploymentReworkRate: groupMetricsResponse.deploymentReworkRate,
      timeToRestoreService: groupMetricsResponse.timeToRestoreService,
      entityRef: 'group:default/payments',
      services: 3,
    },
  ],
  catalog: {
    'component:default/payments-api': {
      name: 'payments-api',
      owner: 'group:default/payments',
      system: 'system:default/payments-platform',
      demo: false,
    },
    'component:default/payments-ledger': {
      name: 'payments-ledger',
      owner: 'group:default/payments',
      system: 'system:default/payments-platform',
      demo: false,
    },
    'component:default/card-gateway': {
      name: 'card-gateway',
      owner: 'group:default/payments',
      system: 'system:default/payments-platform',
      demo: false,
    },
    'component:default/search': {
      name: 'Search service',
      owner: 'group:default/discovery',
      system: 'system:default/storefront',
      demo: true,
    },
  },
};

function deployment(
  id: number,
  environment: string,
  status: DeploymentRow['status'],
  finishedAt: string,
): DeploymentRow {
  return {
    ...deploymentsResponse.items[0],
    id,
    externalId: `gha-${id}-${environment}`,
    environment,
    status,
    startedAt: finishedAt,
    finishedAt,
    url: `https://github.com/acme/payments-api/actions/runs/${id}`,
  };
}

/**
 * Newest first across every environment (`environment=*`): two production
 * environments, the newest of each not a success, and staging.
 */
export const multiEnvironmentDeploymentsResponse: Page<DeploymentRow> = {
  items: [
    deployment(905, 'prod-eu', 'in_progress', '2026-11-19T17:00:00.000Z'),
    deployment(904, 'production', 'failure', '2026-11-19T16:50:00.000Z'),
    deployment(903, 'production', 'success', '2026-11-19T16:42:10.000Z'),
    deployment(902, 'prod-eu', 'success', '2026-11-18T08:05:00.000Z'),
    deployment(901, 'production', 'success', '2026-11-17T12:00:00.000Z'),
    deployment(900, 'staging', 'success', '2026-11-16T09:30:00.000Z'),
  ],
  totalCount: 6,
  limit: 100,
  offset: 0,
};

function pipelineRun(
  id: number,
  status: string,
  conclusion: string | null,
): PipelineRunRow {
  return {
    id,
    repository: 'acme/payments-api',
    source: 'github',
    externalId: `${id}-1`,
    workflow: 'ci',
    branch: 'main',
    sha: '9fceb02d0ae598e95dc970b74767f19372d61af8',
    status,
    conclusion,
    startedAt: '2026-11-19T16:00:00.000Z',
    finishedAt: conclusion ? '2026-11-19T16:08:00.000Z' : null,
    url: `https://github.com/acme/payments-api/actions/runs/${id}`,
    actor: 'grace.hopper',
    attempt: 1,
  };
}

/** 9 of 10 decided runs succeeded; a cancelled and a running one do not count. */
export const pipelineRunsResponse: Page<PipelineRunRow> = {
  items: [
    pipelineRun(312, 'in_progress', null),
    pipelineRun(311, 'completed', 'cancelled'),
    pipelineRun(310, 'completed', 'failure'),
    ...[301, 302, 303, 304, 305, 306, 307, 308, 309].map(id =>
      pipelineRun(id, 'completed', 'success'),
    ),
  ],
  totalCount: 12,
  limit: 500,
  offset: 0,
};

/** ci: 9 of 10 decided runs passed, 1 of 9 commits flaky; deploy: no decided run yet. */
export const pipelineSummaryResponse: PipelineSummaryResponse = {
  from: '2026-10-21T00:00:00.000Z',
  to: '2026-11-20T00:00:00.000Z',
  workflows: [
    {
      workflow: 'ci',
      runs: 12,
      decided: 10,
      succeeded: 9,
      successRate: 0.9,
      durationMedian: 480,
      durationP90: 750,
      durationSampleSize: 11,
      commits: 9,
      flakyCommits: 1,
      flakiness: 1 / 9,
      lastRunAt: '2026-11-19T16:00:00.000Z',
    },
    {
      workflow: 'deploy',
      runs: 1,
      decided: 0,
      succeeded: 0,
      successRate: null,
      durationMedian: null,
      durationP90: null,
      durationSampleSize: 0,
      commits: 0,
      flakyCommits: 0,
      flakiness: null,
      lastRunAt: '2026-11-19T17:00:00.000Z',
    },
  ],
};

function incident(
  id: number,
  startedAt: string,
  resolvedAt: string | null,
): IncidentRow {
  return {
    id,
    source: 'pagerduty',
    externalId: `Q${id}`,
    entityRef: 'component:default/payments-api',
    repository: null,
    title: `Card authorisations failing (${id})`,
    severity: 'SEV2',
    startedAt,
    resolvedAt,
    notChangeRelated: false,
    attributedDeploymentId: 903,
    attribution: 'time-window',
    url: null,
  };
}

/** Two of three incidents still open. */
/** Three changes of the window: counted, without a first commit, and skewed. */
export const changesResponse: Page<ChangeRow> = {
  items: [
    {
      id: 31,
      repository: 'acme/payments-api',
      changeKey: 'pr:118',
      pullRequestNumber: 118,
      headSha: '9fceb02d0ae598e95dc970b74767f19372d61af8',
      title: 'Retry card authorisations once',
      firstCommitAt: '2026-11-19T11:12:10.000Z',
      landedAt: '2026-11-19T16:01:00.000Z',
      mergeMethod: 'squash',
      deploymentId: 812,
      deployedAt: '2026-11-19T16:42:10.000Z',
      leadTimeSeconds: 19_800,
      clockSkew: false,
    },
    {
      id: 30,
      repository: 'acme/payments-api',
      changeKey: 'push:3d4e5f6',
      pullRequestNumber: null,
      headSha: '3d4e5f60718293a4b5c6d7e8f901122334455667',
      title: null,
      firstCommitAt: null,
      landedAt: '2026-11-19T09:00:00.000Z',
      mergeMethod: null,
      deploymentId: 811,
      deployedAt: '2026-11-19T09:13:00.000Z',
      leadTimeSeconds: null,
      clockSkew: false,
    },
    {
      id: 29,
      repository: 'acme/payments-api',
      changeKey: 'pr:117',
      pullRequestNumber: 117,
      headSha: '1111111111111111111111111111111111111111',
      title: 'Clock of the laptop ran fast',
      firstCommitAt: '2026-11-19T10:00:00.000Z',
      landedAt: '2026-11-19T08:59:00.000Z',
      mergeMethod: 'merge',
      deploymentId: 811,
      deployedAt: '2026-11-19T09:13:00.000Z',
      leadTimeSeconds: null,
      clockSkew: true,
    },
  ],
  totalCount: 112,
  limit: 100,
  offset: 0,
};

export const incidentsResponse: Page<IncidentRow> = {
  items: [
    incident(43, '2026-11-19T18:00:00.000Z', null),
    incident(42, '2026-11-19T17:10:00.000Z', null),
    incident(41, '2026-11-02T10:20:00.000Z', '2026-11-02T11:05:00.000Z'),
  ],
  totalCount: 3,
  limit: 500,
  offset: 0,
};

/** `state=open`: the unresolved incidents, read with `limit=1`. */
export const openIncidentsResponse: Page<IncidentRow> = {
  items: incidentsResponse.items.slice(0, 1),
  totalCount: 2,
  limit: 1,
  offset: 0,
};

/** The embedded default: no GitHub sync configured. */
export const syncOffResponse: SyncStatusResponse = {
  enabled: false,
  entities: [],
};

const synced = (resource: string, lastSyncedAt: string) => ({
  resource,
  lastSyncedAt,
  backfill: {
    complete: true,
    pagesDone: 3,
    pagesTotal: 3,
    progress: 'complete',
  },
  lastError: null,
});

/** payments-api, fully synced; its pull requests last synced first. */
export const syncedResponse: SyncStatusResponse = {
  enabled: true,
  entities: [
    {
      entityRef: 'component:default/payments-api',
      repository: 'acme/payments-api',
      host: 'github.com',
      resources: [
        synced('deployments', '2026-11-20T10:05:00.000Z'),
        synced('workflowRuns', '2026-11-20T10:05:00.000Z'),
        synced('pullRequests', '2026-11-20T10:00:00.000Z'),
        synced('incidents', '2026-11-20T10:05:00.000Z'),
      ],
      rateLimit: {
        remaining: 4_200,
        limit: 5_000,
        resetAt: '2026-11-20T11:00:00.000Z',
        reportedAt: '2026-11-20T10:05:00.000Z',
      },
    },
  ],
};
