import {
  DeploymentStatus,
  HealthAlert,
  HealthDelivery,
  HealthPrometheusData,
  HealthReason,
  HealthSection,
  HealthSlo,
  HealthStatus,
} from '@internal/plugin-delivery-common';

/** Alert severities that mean the service is failing; any other firing alert degrades it. */
const FAILING_SEVERITIES = ['critical', 'page', 'error', 'high'];

export interface StatusInput {
  delivery: HealthSection<HealthDelivery>;
  alerts: HealthSection<HealthPrometheusData<HealthAlert>>;
  slos: HealthSection<HealthPrometheusData<HealthSlo>>;
  productionEnvironments: string[];
}

const percent = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`;

function alertReasons(alerts: StatusInput['alerts']): HealthReason[] {
  if (alerts.state !== 'ok') {
    return [
      {
        severity: 'unknown',
        section: 'alerts',
        message: `Alerts not checked: ${alerts.reason}`,
      },
    ];
  }
  const firing = alerts.data.items.filter(a => a.state === 'firing');
  if (!firing.length) {
    const pending = alerts.data.items.length;
    return [
      {
        severity: 'ok',
        section: 'alerts',
        message: `No alert firing in Prometheus '${alerts.data.instance}'${
          pending ? ` (${pending} pending)` : ''
        }`,
      },
    ];
  }
  return firing.map(a => {
    const failing = FAILING_SEVERITIES.includes(
      (a.severity ?? '').toLowerCase(),
    );
    return {
      severity: failing ? 'failing' : 'degraded',
      section: 'alerts',
      message: `Alert ${a.name} is firing${
        a.severity ? ` (severity ${a.severity})` : ''
      }${a.summary ? `: ${a.summary}` : ''}`,
    };
  });
}

const STATUS_WORDS: Record<DeploymentStatus, string> = {
  queued: 'is queued',
  in_progress: 'is in progress',
  success: 'succeeded',
  failure: 'failed',
  cancelled: 'was cancelled',
};

function deliveryReasons(
  delivery: StatusInput['delivery'],
  productionEnvironments: string[],
): HealthReason[] {
  if (delivery.state !== 'ok') return [];
  const { openIncidents, latestDeployments } = delivery.data;
  const reasons: HealthReason[] = openIncidents.length
    ? openIncidents.map(i => ({
        severity: 'failing',
        section: 'incidents',
        message: `Incident ${i.title ? `'${i.title}'` : i.externalId} is open`,
      }))
    : [{ severity: 'ok', section: 'incidents', message: 'No open incident' }];
  const production = new Set(productionEnvironments.map(e => e.toLowerCase()));
  for (const d of latestDeployments) {
    if (!production.has(d.environment.toLowerCase())) continue;
    reasons.push({
      severity: d.status === 'failure' ? 'degraded' : 'ok',
      section: 'deployments',
      message: `The latest deployment to ${d.environment} (${d.sha.slice(
        0,
        7,
      )}) ${STATUS_WORDS[d.status]}`,
    });
  }
  return reasons;
}

function sloReasons(slos: StatusInput['slos']): HealthReason[] {
  if (slos.state === 'unavailable') {
    return [
      {
        severity: 'unknown',
        section: 'slos',
        message: `SLOs not checked: ${slos.reason}`,
      },
    ];
  }
  if (slos.state !== 'ok' || !slos.data.items.length) return [];
  const reasons: HealthReason[] = [];
  for (const s of slos.data.items) {
    if (s.errorBudgetRemaining !== null && s.errorBudgetRemaining <= 0) {
      reasons.push({
        severity: 'degraded',
        section: 'slos',
        message: `SLO ${s.slo} has spent its error budget (${percent(
          s.errorBudgetRemaining,
        )} left)`,
      });
    } else if (s.burnRate !== null && s.burnRate > 1) {
      reasons.push({
        severity: 'degraded',
        section: 'slos',
        message: `SLO ${s.slo} burns its error budget ${
          Math.round(s.burnRate * 10) / 10
        }× faster than the period allows`,
      });
    }
  }
  return reasons.length
    ? reasons
    : [
        {
          severity: 'ok',
          section: 'slos',
          message: `Every SLO is within its error budget (${slos.data.items.length})`,
        },
      ];
}

const RANK: Record<HealthReason['severity'], number> = {
  failing: 0,
  degraded: 1,
  unknown: 2,
  ok: 3,
};

/**
 * The status is the worst reason; parts that could not be checked are reasons
 * too, but never make it worse. Healthy needs a live signal: alerts or SLOs
 * read from Prometheus. Delivery data alone (no open incident, a successful
 * deployment) does not say the service is up, so then the status is unknown.
 */
export function overallStatus(input: StatusInput): {
  status: HealthStatus;
  reasons: HealthReason[];
} {
  const reasons = [
    ...alertReasons(input.alerts),
    ...deliveryReasons(input.delivery, input.productionEnvironments),
    ...sloReasons(input.slos),
  ].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  const has = (s: HealthReason['severity']) =>
    reasons.some(r => r.severity === s);
  const monitored = reasons.some(
    r =>
      r.severity === 'ok' && (r.section === 'alerts' || r.section === 'slos'),
  );
  let status: HealthStatus = monitored ? 'healthy' : 'unknown';
  if (has('failing')) status = 'failing';
  else if (has('degraded')) status = 'degraded';
  return { status, reasons };
}
