import {
  HealthAlert,
  HealthPrometheusData,
  HealthSection,
  HealthSlo,
} from '@internal/plugin-delivery-common';
import {
  PrometheusAlert,
  PrometheusClient,
  PrometheusUnavailableError,
} from './PrometheusClient';
import { PrometheusSelector } from './prometheusSelector';

const SLO_SERIES = {
  objective: 'slo:objective:ratio',
  errorBudgetRemaining: 'slo:period_error_budget_remaining:ratio',
  burnRate: 'slo:current_burn_rate:ratio',
} as const;

/** A PromQL string literal. */
const quote = (s: string) =>
  `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

function belongs(alert: PrometheusAlert, selector: PrometheusSelector) {
  const labels = alert.labels ?? {};
  if (
    selector.alertNames !== 'all' &&
    !selector.alertNames.includes(labels.alertname)
  ) {
    return false;
  }
  return Object.entries(selector.labels).every(([k, v]) => labels[k] === v);
}

function toHealthAlert(alert: PrometheusAlert): HealthAlert {
  const activeAt = alert.activeAt ? Date.parse(alert.activeAt) : NaN;
  return {
    name: alert.labels.alertname ?? '(unnamed)',
    state: alert.state === 'firing' ? 'firing' : 'pending',
    severity: alert.labels.severity ?? null,
    summary:
      alert.annotations?.summary ?? alert.annotations?.description ?? null,
    labels: alert.labels,
    activeAt: Number.isFinite(activeAt)
      ? new Date(activeAt).toISOString()
      : null,
  };
}

const finite = (s: string | undefined) => {
  const n = Number(s);
  return s !== undefined && Number.isFinite(n) ? n : null;
};

/** Runs `read`; a Prometheus failure becomes the section's readable reason. */
async function section<T>(
  selector: PrometheusSelector,
  read: () => Promise<T[]>,
): Promise<HealthSection<HealthPrometheusData<T>>> {
  try {
    return {
      state: 'ok',
      data: { instance: selector.instance.name, items: await read() },
    };
  } catch (e) {
    if (e instanceof PrometheusUnavailableError) {
      return { state: 'unavailable', reason: e.message };
    }
    throw e;
  }
}

/** The entity's pending and firing alerts, firing first, oldest first. */
export function alertsSection(
  client: PrometheusClient,
  selector: PrometheusSelector,
) {
  return section(selector, async () =>
    (await client.alerts())
      .filter(a => belongs(a, selector))
      .map(toHealthAlert)
      .sort(
        (a, b) =>
          Number(b.state === 'firing') - Number(a.state === 'firing') ||
          (a.activeAt ?? '').localeCompare(b.activeAt ?? ''),
      ),
  );
}

/** The SLOs whose Sloth-style recording rules carry the entity's `service` label. */
export function slosSection(
  client: PrometheusClient,
  selector: PrometheusSelector,
) {
  return section(selector, async () => {
    const names = Object.values(SLO_SERIES).join('|');
    const samples = await client.query(
      `{__name__=~${quote(names)}, service=${quote(selector.sloService)}}`,
    );
    const slos = new Map<string, HealthSlo>();
    for (const { metric, value } of samples) {
      if (!metric.slo) continue;
      const slo = slos.get(metric.slo) ?? {
        slo: metric.slo,
        objective: null,
        errorBudgetRemaining: null,
        burnRate: null,
      };
      for (const [field, series] of Object.entries(SLO_SERIES)) {
        if (metric.__name__ === series) {
          slo[field as keyof typeof SLO_SERIES] = finite(value?.[1]);
        }
      }
      slos.set(metric.slo, slo);
    }
    return [...slos.values()].sort((a, b) => a.slo.localeCompare(b.slo));
  });
}
