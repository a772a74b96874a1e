import { createApiRef } from '@backstage/core-plugin-api';
import {
  DeliveryMetricsResponse,
  DeliverySeriesResponse,
  DeploymentRow,
  Page,
} from '@internal/plugin-delivery-common';

/** Which rows a figure is computed over: one entity, an optional environment and a window. */
export interface DeliveryQuery {
  entityRef: string;
  /** one environment instead of the entity's production environments */
  environment?: string;
  /** window start, included */
  from?: Date;
  /** window end, excluded */
  to?: Date;
}

export interface DeliveryMetricsQuery extends DeliveryQuery {
  /** DORA report year of the benchmark levels; the newest when omitted */
  reportYear?: number;
}

export interface DeliveryPageQuery extends DeliveryQuery {
  limit?: number;
  offset?: number;
}

/** Reads DORA metrics and the rows behind them from the delivery backend. */
export interface DeliveryApi {
  getMetrics(query: DeliveryMetricsQuery): Promise<DeliveryMetricsResponse>;
  getSeries(query: DeliveryMetricsQuery): Promise<DeliverySeriesResponse>;
  getDeployments(query: DeliveryPageQuery): Promise<Page<DeploymentRow>>;
}

export const deliveryApiRef = createApiRef<DeliveryApi>({
  id: 'plugin.delivery.service',
});
