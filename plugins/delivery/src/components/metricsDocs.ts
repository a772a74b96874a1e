import { configApiRef, useApi } from '@backstage/core-plugin-api';

/** TechDocs page of Launchpad's own catalog entity that defines every figure. */
export const DEFAULT_METRICS_DOCS_URL =
  '/docs/default/component/launchpad-portal/dora-metrics/';

/** Sections of the definitions page; their headings give these anchors. */
export type MetricsDocsSection =
  | 'deployment-frequency'
  | 'change-lead-time'
  | 'change-failure-rate'
  | 'failed-deployment-recovery-time'
  | 'deployment-rework-rate'
  | 'time-to-restore-service'
  | 'groups'
  | 'what-to-send';

/**
 * The link to a figure's definition: `delivery.metricsDocsUrl` (frontend
 * config) or the TechDocs page of Launchpad's catalog entity, at the section.
 */
export function useMetricsDocsLink(): (section?: MetricsDocsSection) => string {
  const base =
    useApi(configApiRef).getOptionalString('delivery.metricsDocsUrl') ??
    DEFAULT_METRICS_DOCS_URL;
  const page = base.split('#')[0];
  return section => (section ? `${page}#${section}` : page);
}
