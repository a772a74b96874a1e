import {
  DeploymentRow,
  DeploymentStatus,
} from '@internal/plugin-delivery-common';
import { overallStatus, StatusInput } from './overallStatus';

const notConfigured = { state: 'not-configured' as const, reason: 'none' };

function withLatestDeployment(status: DeploymentStatus): StatusInput {
  const deployment: DeploymentRow = {
    id: 1,
    repository: 'acme/orders',
    service: null,
    environment: 'Production',
    sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    ref: 'main',
    status,
    startedAt: '2026-11-20T10:00:00.000Z',
    finishedAt: status === 'success' ? '2026-11-20T10:05:00.000Z' : null,
    source: 'api',
    externalId: 'd-1',
    workflow: 'deploy',
    isRollback: false,
    isHotfix: false,
    url: null,
  };
  return {
    delivery: {
      state: 'ok',
      data: {
        latestDeployments: [deployment],
        pipelines: {
          from: '2026-11-13T00:00:00.000Z',
          to: '2026-11-20T00:00:00.000Z',
          decided: 0,
          succeeded: 0,
          successRate: null,
        },
        openIncidents: [],
        lastIncidentAt: null,
      },
    },
    alerts: notConfigured,
    slos: notConfigured,
    productionEnvironments: ['production'],
  };
}

describe('overallStatus', () => {
  it.each([
    ['success', 'ok', 'succeeded'],
    ['failure', 'degraded', 'failed'],
    ['in_progress', 'ok', 'is in progress'],
    ['queued', 'ok', 'is queued'],
    ['cancelled', 'ok', 'was cancelled'],
  ] as const)(
    'says in words how the latest production deployment went (%s)',
    (status, severity, words) => {
      const { reasons } = overallStatus(withLatestDeployment(status));
      expect(reasons).toContainEqual({
        severity,
        section: 'deployments',
        message: `The latest deployment to Production (a1b2c3d) ${words}`,
      });
    },
  );
});
