import { ChangeRow, DeploymentRow, IncidentRow, Page } from './types';

/** `all`, or comma-separated alert names, of the alerts that belong to the entity (Roadie's Prometheus plugin). */
export const ANNOTATION_PROMETHEUS_ALERT = 'prometheus.io/alert';
/** Comma-separated `label=value` pairs every alert of the entity carries, e.g. `service=orders`. */
export const ANNOTATION_PROMETHEUS_LABELS = 'prometheus.io/labels';
/** Name of the configured Prometheus instance (`delivery.prometheus.instances`) to ask; the first one otherwise. */
export const ANNOTATION_PROMETHEUS_SERVICE_NAME = 'prometheus.io/service-name';
/** Who to reach when it breaks: an e-mail address, a person or a chat channel (written by the golden-path templates). */
export const ANNOTATION_ON_CALL = 'launchpad.dev/on-call';
/** The team's chat channel, e.g. `#orders`, or a URL to it. */
export const ANNOTATION_CHAT_CHANNEL = 'launchpad.dev/chat-channel';

/**
 * Overall state of a service: the worst of its reasons; `unknown` when nothing
 * is wrong but neither its alerts nor its SLOs could be checked, so nothing
 * says it is up.
 */
export type HealthStatus = 'healthy' | 'degraded' | 'failing' | 'unknown';

/** One finding behind the overall status; `unknown` when a part could not be checked. */
export interface HealthReason {
  severity: 'ok' | 'degraded' | 'failing' | 'unknown';
  section: 'alerts' | 'incidents' | 'deployments' | 'slos';
  message: string;
}

/**
 * A part of the health page: its data, or why there is none. `not-configured`
 * names what to add (an annotation, a config key); `unavailable` says what
 * failed (e.g. Prometheus did not answer in time).
 */
export type HealthSection<T> =
  | { state: 'ok'; data: T }
  | { state: 'not-configured'; reason: string }
  | { state: 'unavailable'; reason: string };

/** An alert of the entity that Prometheus reports as pending or firing. */
export interface HealthAlert {
  name: string;
  state: 'pending' | 'firing';
  /** the alert's `severity` label */
  severity: string | null;
  /** the alert's `summary` (or `description`) annotation */
  summary: string | null;
  labels: Record<string, string>;
  /** when the alert became active (ISO) */
  activeAt: string | null;
}

/** One SLO from the service's Sloth-style recording rules (labels `service` and `slo`). */
export interface HealthSlo {
  slo: string;
  /** `slo:objective:ratio`, e.g. 0.999 */
  objective: number | null;
  /** `slo:period_error_budget_remaining:ratio`: 1 untouched, 0 spent, below 0 overspent */
  errorBudgetRemaining: number | null;
  /** `slo:current_burn_rate:ratio`: 1 spends the budget exactly over the period */
  burnRate: number | null;
}

export interface HealthPrometheusData<T> {
  /** name of the Prometheus instance asked */
  instance: string;
  items: T[];
}

export interface HealthDelivery {
  /** the newest deployment to each environment, newest first */
  latestDeployments: DeploymentRow[];
  /** decided runs (completed with a verdict) over the last 7 days */
  pipelines: {
    from: string;
    to: string;
    decided: number;
    succeeded: number;
    successRate: number | null;
  };
  /** unresolved incidents, newest first */
  openIncidents: IncidentRow[];
  /** start of the newest incident (ISO), open or resolved */
  lastIncidentAt: string | null;
}

/** What landed in the hours before a firing alert or an open incident started. */
export interface HealthChangesBefore {
  trouble: {
    kind: 'alert' | 'incident';
    title: string;
    startedAt: string;
    url: string | null;
  };
  /** start of the window looked at (ISO); it ends at `trouble.startedAt` */
  from: string;
  /** deployments to any environment in the window */
  deployments: Page<DeploymentRow>;
  /** changes first deployed to production in the window */
  changes: Page<ChangeRow>;
}

export interface HealthContacts {
  /** entity ref of the owner, e.g. `group:default/team-a` */
  owner: string | null;
  onCall: string | null;
  chatChannel: string | null;
}

/** `GET /service-health?entityRef=...` */
export interface ServiceHealthResponse {
  entityRef: string;
  generatedAt: string;
  status: HealthStatus;
  reasons: HealthReason[];
  /** hours before each alert or incident that `changesBefore` looks at */
  changeWindowHours: number;
  changesBefore: HealthChangesBefore[];
  delivery: HealthSection<HealthDelivery>;
  alerts: HealthSection<HealthPrometheusData<HealthAlert>>;
  slos: HealthSection<HealthPrometheusData<HealthSlo>>;
  contacts: HealthContacts;
}
