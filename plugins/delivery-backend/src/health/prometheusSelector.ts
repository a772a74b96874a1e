import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_PROMETHEUS_ALERT,
  ANNOTATION_PROMETHEUS_LABELS,
  ANNOTATION_PROMETHEUS_SERVICE_NAME,
} from '@internal/plugin-delivery-common';
import { PrometheusInstance } from './healthConfig';

/** Which alerts and SLO series of which Prometheus belong to an entity. */
export interface PrometheusSelector {
  instance: PrometheusInstance;
  /** alert names, or every alert that carries `labels` */
  alertNames: string[] | 'all';
  labels: Record<string, string>;
  /** the `service` label of the entity's SLO recording rules */
  sloService: string;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const list = (value: string) =>
  value
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);

function parseLabels(value: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of list(value)) {
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const labelValue = pair.slice(eq + 1).trim();
    if (eq < 0 || !LABEL_NAME.test(name) || !labelValue) {
      throw new Error(
        `${ANNOTATION_PROMETHEUS_LABELS}: '${pair}' is not a label=value pair`,
      );
    }
    labels[name] = labelValue;
  }
  return labels;
}

/**
 * The entity's Prometheus selector, or a sentence saying what to add. Alerts
 * need `prometheus.io/alert`; SLO series are those whose `service` label is
 * the `service` of `prometheus.io/labels`, or else the entity's name.
 */
export function prometheusSelector(
  entity: Entity,
  instances: PrometheusInstance[],
): PrometheusSelector | { notConfigured: string } {
  const annotations = entity.metadata.annotations ?? {};
  if (!instances.length) {
    return {
      notConfigured:
        'No Prometheus is configured: add delivery.prometheus.instances (name and baseUrl) to the app-config.',
    };
  }
  const alert = annotations[ANNOTATION_PROMETHEUS_ALERT]?.trim();
  if (!alert) {
    return {
      notConfigured: `Add the annotation ${ANNOTATION_PROMETHEUS_ALERT}: all (or alert names) and ${ANNOTATION_PROMETHEUS_LABELS}: service=${entity.metadata.name} to the entity's catalog-info.yaml.`,
    };
  }
  const wanted = annotations[ANNOTATION_PROMETHEUS_SERVICE_NAME]?.trim();
  const instance = wanted
    ? instances.find(i => i.name === wanted)
    : instances[0];
  if (!instance) {
    return {
      notConfigured: `${ANNOTATION_PROMETHEUS_SERVICE_NAME} names '${wanted}', which is not among the configured Prometheus instances (${instances
        .map(i => i.name)
        .join(', ')}).`,
    };
  }
  let labels: Record<string, string>;
  try {
    labels = parseLabels(annotations[ANNOTATION_PROMETHEUS_LABELS] ?? '');
  } catch (e) {
    return { notConfigured: (e as Error).message };
  }
  return {
    instance,
    alertNames: alert.toLowerCase() === 'all' ? 'all' : list(alert),
    labels,
    sloService: labels.service ?? entity.metadata.name,
  };
}
