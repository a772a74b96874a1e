import {
  DeploymentRow,
  HealthSection,
  ServiceHealthResponse,
} from '@internal/plugin-delivery-common';

const sha = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const page = <T>(items: T[], totalCount = items.length) => ({
  items,
  totalCount,
  limit: 10,
  offset: 0,
});

const deployment: DeploymentRow = {
  id: 41,
  repository: 'acme/payments-api',
  service: null,
  environment: 'production',
  sha,
  ref: 'main',
  status: 'success',
  startedAt: '2026-11-20T09:50:00.000Z',
  finishedAt: '2026-11-20T10:00:00.000Z',
  source: 'github',
  externalId: '41',
  workflow: 'deploy',
  isRollback: false,
  isHotfix: false,
  url: 'https://github.com/acme/payments-api/actions/runs/41',
};

/** payments-api failing: a critical alert, an open incident, one spent SLO budget. */
export const failingHealth: ServiceHealthResponse = {
  entityRef: 'component:default/payments-api',
  generatedAt: '2026-11-20T12:00:00.000Z',
  status: 'failing',
  reasons: [
    {
      severity: 'failing',
      section: 'alerts',
      message: 'Alert PaymentsHighErrorRate is firing (severity critical)',
    },
    {
      severity: 'failing',
      section: 'incidents',
      message: "Incident 'Card payments fail' is open",
    },
    {
      severity: 'degraded',
      section: 'slos',
      message: 'SLO latency has spent its error budget (-25% left)',
    },
    {
      severity: 'ok',
      section: 'deployments',
      message: 'The latest deployment to production (a1b2c3d) succeeded',
    },
  ],
  changeWindowHours: 6,
  changesBefore: [
    {
      trouble: {
        kind: 'alert',
        title: 'PaymentsHighErrorRate',
        startedAt: '2026-11-20T11:00:00.000Z',
        url: null,
      },
      from: '2026-11-20T05:00:00.000Z',
      deployments: page([deployment], 3),
      changes: page([
        {
          id: 7,
          repository: 'acme/payments-api',
          changeKey: 'pr:7',
          pullRequestNumber: 7,
          headSha: sha,
          title: 'Retry card payments twice',
          firstCommitAt: '2026-11-19T10:00:00.000Z',
          landedAt: '2026-11-20T09:00:00.000Z',
          mergeMethod: 'squash',
          deploymentId: 41,
          deployedAt: '2026-11-20T10:00:00.000Z',
          leadTimeSeconds: 86400,
          clockSkew: false,
        },
      ]),
    },
  ],
  delivery: {
    state: 'ok',
    data: {
      latestDeployments: [
        {
          ...deployment,
          // a URL from outside that must never become an href
          // eslint-disable-next-line no-script-url
          url: 'javascript:alert(1)',
        },
      ],
      pipelines: {
        from: '2026-11-13T12:00:00.000Z',
        to: '2026-11-20T12:00:00.000Z',
        decided: 4,
        succeeded: 3,
        successRate: 0.75,
      },
      openIncidents: [
        {
          id: 3,
          source: 'pagerduty',
          externalId: 'INC-3',
          entityRef: 'component:default/payments-api',
          repository: null,
          title: 'Card payments fail',
          severity: 'SEV2',
          startedAt: '2026-11-20T11:30:00.000Z',
          resolvedAt: null,
          notChangeRelated: false,
          attributedDeploymentId: 41,
          attribution: 'time-window',
          url: 'https://status.example.com/INC-3',
        },
      ],
      lastIncidentAt: '2026-11-20T11:30:00.000Z',
    },
  },
  alerts: {
    state: 'ok',
    data: {
      instance: 'main',
      items: [
        {
          name: 'PaymentsHighErrorRate',
          state: 'firing',
          severity: 'critical',
          summary: 'More than 5 % of card payments fail',
          labels: {
            alertname: 'PaymentsHighErrorRate',
            service: 'payments-api',
          },
          activeAt: '2026-11-20T11:00:00.000Z',
        },
      ],
    },
  },
  slos: {
    state: 'ok',
    data: {
      instance: 'main',
      items: [
        {
          slo: 'availability',
          objective: 0.9995,
          errorBudgetRemaining: 0.42,
          burnRate: 0.5,
        },
        {
          slo: 'latency',
          objective: 0.99,
          errorBudgetRemaining: -0.25,
          burnRate: 3,
        },
      ],
    },
  },
  contacts: {
    owner: 'group:default/payments',
    onCall: '#payments-oncall',
    chatChannel: 'https://chat.example.com/payments',
  },
};

const notConfigured = (reason: string): HealthSection<never> => ({
  state: 'not-configured',
  reason,
});

/** A service with nothing to show yet: no Prometheus annotations, no contacts. */
export const emptyHealth: ServiceHealthResponse = {
  ...failingHealth,
  status: 'unknown',
  reasons: [
    {
      severity: 'unknown',
      section: 'alerts',
      message:
        'Alerts not checked: Add the annotation prometheus.io/alert: all (or alert names)',
    },
    { severity: 'ok', section: 'incidents', message: 'No open incident' },
  ],
  changesBefore: [],
  delivery: {
    state: 'ok',
    data: {
      latestDeployments: [],
      pipelines: {
        from: '2026-11-13T12:00:00.000Z',
        to: '2026-11-20T12:00:00.000Z',
        decided: 0,
        succeeded: 0,
        successRate: null,
      },
      openIncidents: [],
      lastIncidentAt: null,
    },
  },
  alerts: notConfigured(
    "Add the annotation prometheus.io/alert: all (or alert names) and prometheus.io/labels: service=payments-api to the entity's catalog-info.yaml.",
  ),
  slos: notConfigured(
    "Add the annotation prometheus.io/alert: all (or alert names) and prometheus.io/labels: service=payments-api to the entity's catalog-info.yaml.",
  ),
  contacts: {
    owner: 'group:default/payments',
    onCall: null,
    chatChannel: null,
  },
};

/** Prometheus did not answer: alerts and SLOs unavailable, the rest current. */
export const prometheusDownHealth: ServiceHealthResponse = {
  ...emptyHealth,
  alerts: {
    state: 'unavailable',
    reason: "Prometheus 'main' did not answer within 3 s",
  },
  slos: {
    state: 'unavailable',
    reason: "Prometheus 'main' did not answer within 3 s",
  },
};
