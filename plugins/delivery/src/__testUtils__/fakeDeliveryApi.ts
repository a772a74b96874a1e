import { ResponseError } from '@backstage/errors';
import {
  changesResponse,
  countedDeploymentsResponse,
  deploymentsResponse,
  groupMetricsResponse,
  incidentsResponse,
  metricsResponse,
  openIncidentsResponse,
  organisationMetricsResponse,
  pipelineRunsResponse,
  pipelineSummaryResponse,
  seriesResponse,
  syncOffResponse,
} from './responses';
import { DeliveryApi } from '../api';

/** A DeliveryApi answering with the fixtures; override what a test needs. */
export function fakeDeliveryApi(
  overrides: Partial<DeliveryApi> = {},
): jest.Mocked<DeliveryApi> {
  return {
    getMetrics: jest.fn(async query =>
      query.group ? groupMetricsResponse : metricsResponse,
    ),
    getSeries: jest.fn(async () => seriesResponse),
    getOrganisationMetrics: jest.fn(async () => organisationMetricsResponse),
    getDeployments: jest.fn(async () => deploymentsResponse),
    getCountedDeployments: jest.fn(async query => {
      const items = countedDeploymentsResponse.items.filter(
        d => (!query.rework || d.rework) && (!query.failed || d.failed),
      );
      return query.rework || query.failed
        ? { ...countedDeploymentsResponse, items, totalCount: items.length }
        : countedDeploymentsResponse;
    }),
    getPipelineRuns: jest.fn(async () => pipelineRunsResponse),
    getPipelineSummary: jest.fn(async () => pipelineSummaryResponse),
    getChanges: jest.fn(async () => changesResponse),
    getSyncStatus: jest.fn(async () => syncOffResponse),
    getIncidents: jest.fn(async query =>
      query.state === 'open' ? openIncidentsResponse : incidentsResponse,
    ),
    ...overrides,
  } as jest.Mocked<DeliveryApi>;
}

/** The error the client throws for the backend's 404. */
export async function notFoundError(message: string): Promise<ResponseError> {
  const response = new Response(
    JSON.stringify({
      error: { name: 'NotFoundError', message },
      request: { method: 'GET', url: '/api/delivery/metrics' },
      response: { statusCode: 404 },
    }),
    { status: 404, headers: { 'Content-Type': 'application/json' } },
  );
  return ResponseError.fromResponse(response as any);
}
