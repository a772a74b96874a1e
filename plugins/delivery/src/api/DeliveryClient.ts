import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ALL_ENVIRONMENTS,
  ChangeRow,
  CountedDeploymentRow,
  DeliveryMetricsResponse,
  DeliverySeriesResponse,
  DeploymentRow,
  IncidentRow,
  Page,
  PipelineRunRow,
  PipelineSummaryResponse,
  SyncStatusResponse,
  ServiceHealthResponse,
} from '@internal/plugin-delivery-common';
import {
  DeliveryApi,
  DeliveryCountedDeploymentsQuery,
  DeliveryDeploymentsQuery,
  DeliveryIncidentsQuery,
  DeliveryMetricsQuery,
  DeliveryOrganisationQuery,
  DeliveryPageQuery,
  DeliveryPipelineRunsQuery,
  DeliveryQuery,
} from './DeliveryApi';

/** {@link DeliveryApi} over the delivery backend's REST API (`/api/delivery`). */
export class DeliveryClient implements DeliveryApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getMetrics(query: DeliveryMetricsQuery): Promise<DeliveryMetricsResponse> {
    return this.get('metrics', {
      ...scopeParams(query),
      reportYear: query.reportYear?.toString(),
    });
  }

  getSeries(query: DeliveryMetricsQuery): Promise<DeliverySeriesResponse> {
    return this.get('metrics/series', {
      ...scopeParams(query),
      reportYear: query.reportYear?.toString(),
    });
  }

  getOrganisationMetrics(
    query: DeliveryOrganisationQuery,
  ): Promise<DeliveryMetricsResponse> {
    return this.get('metrics/services', {
      environment: query.environment,
      from: query.from?.toISOString(),
      to: query.to?.toISOString(),
      reportYear: query.reportYear?.toString(),
    });
  }

  getDeployments(
    query: DeliveryDeploymentsQuery,
  ): Promise<Page<DeploymentRow>> {
    return this.get('deployments', {
      ...pageParams(query),
      environment: query.allEnvironments ? ALL_ENVIRONMENTS : query.environment,
    });
  }

  getCountedDeployments(
    query: DeliveryCountedDeploymentsQuery,
  ): Promise<Page<CountedDeploymentRow>> {
    return this.get('deployments/counted', {
      ...pageParams(query),
      rework: query.rework ? 'true' : undefined,
      failed: query.failed ? 'true' : undefined,
    });
  }

  getPipelineRuns(
    query: DeliveryPipelineRunsQuery,
  ): Promise<Page<PipelineRunRow>> {
    return this.get('pipeline-runs', {
      ...pageParams(query),
      workflow: query.workflow,
      branch: query.branch,
      status: query.status,
      sha: query.shas?.join(','),
    });
  }

  getPipelineSummary(query: DeliveryQuery): Promise<PipelineSummaryResponse> {
    return this.get('pipeline-runs/summary', scopeParams(query));
  }

  getSyncStatus(entityRef: string): Promise<SyncStatusResponse> {
    return this.get('sync-status', { entityRef });
  }

  getChanges(query: DeliveryPageQuery): Promise<Page<ChangeRow>> {
    return this.get('changes', pageParams(query));
  }

  getIncidents(query: DeliveryIncidentsQuery): Promise<Page<IncidentRow>> {
    return this.get('incidents', { ...pageParams(query), state: query.state });
  }

  getServiceHealth(entityRef: string): Promise<ServiceHealthResponse> {
    return this.get('service-health', { entityRef });
  }

  private async get<T>(
    path: string,
    params: Record<string, string | undefined>,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('delivery');
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined) search.append(key, value);
    }
    const response = await this.fetchApi.fetch(`${baseUrl}/${path}?${search}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function scopeParams(query: DeliveryQuery): Record<string, string | undefined> {
  return {
    entityRef: query.entityRef,
    group: query.group,
    environment: query.environment,
    from: query.from?.toISOString(),
    to: query.to?.toISOString(),
  };
}

function pageParams(
  query: DeliveryPageQuery,
): Record<string, string | undefined> {
  return {
    ...scopeParams(query),
    limit: query.limit?.toString(),
    offset: query.offset?.toString(),
  };
}
