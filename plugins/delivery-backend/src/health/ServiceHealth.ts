import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ANNOTATION_CHAT_CHANNEL,
  ANNOTATION_GITHUB_PROJECT_SLUG,
  ANNOTATION_ON_CALL,
  HealthAlert,
  HealthChangesBefore,
  HealthContacts,
  HealthDelivery,
  HealthPrometheusData,
  HealthSection,
  HealthSlo,
  ServiceHealthResponse,
} from '@internal/plugin-delivery-common';
import { DeliveryStore } from '../database/DeliveryStore';
import { DeliveryConfig } from '../service/config';
import { scopeOfEntity } from '../service/EntityResolver';
import { DeliveryHealthReader } from './deliveryHealth';
import { HealthConfig } from './healthConfig';
import { overallStatus } from './overallStatus';
import { PrometheusClient } from './PrometheusClient';
import { prometheusSelector } from './prometheusSelector';
import { alertsSection, slosSection } from './prometheusSections';

/** Alerts and incidents whose preceding changes are looked up, at most. */
const MAX_TROUBLES = 10;

type PrometheusSections = {
  alerts: HealthSection<HealthPrometheusData<HealthAlert>>;
  slos: HealthSection<HealthPrometheusData<HealthSlo>>;
};

function contactsOf(entity: Entity): HealthContacts {
  const annotations = entity.metadata.annotations ?? {};
  const owner = entity.relations?.find(r => r.type === 'ownedBy')?.targetRef;
  const text = (key: string) => annotations[key]?.trim() || null;
  return {
    owner: owner ?? null,
    onCall: text(ANNOTATION_ON_CALL),
    chatChannel: text(ANNOTATION_CHAT_CHANNEL),
  };
}

/** Firing alerts and open incidents, the oldest first, each as the start of a trouble. */
function troublesOf(
  alerts: PrometheusSections['alerts'],
  delivery: HealthDelivery | undefined,
): HealthChangesBefore['trouble'][] {
  const fromAlerts =
    alerts.state === 'ok'
      ? alerts.data.items
          .filter(a => a.state === 'firing' && a.activeAt)
          .map(a => ({
            kind: 'alert' as const,
            title: a.name,
            startedAt: a.activeAt!,
            url: null,
          }))
      : [];
  const fromIncidents = (delivery?.openIncidents ?? []).map(i => ({
    kind: 'incident' as const,
    title: i.title ?? i.externalId,
    startedAt: i.startedAt,
    url: i.url,
  }));
  return [...fromAlerts, ...fromIncidents]
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
    .slice(0, MAX_TROUBLES);
}

/** Everything the health page of one entity shows. */
export class ServiceHealth {
  private readonly delivery: DeliveryHealthReader;

  constructor(
    store: DeliveryStore,
    private readonly config: DeliveryConfig,
    private readonly health: HealthConfig,
  ) {
    this.delivery = new DeliveryHealthReader(store, config.attributionWindowMs);
  }

  private async prometheus(entity: Entity): Promise<PrometheusSections> {
    const selector = prometheusSelector(
      entity,
      this.health.prometheusInstances,
    );
    if ('notConfigured' in selector) {
      const missing = {
        state: 'not-configured' as const,
        reason: selector.notConfigured,
      };
      return { alerts: missing, slos: missing };
    }
    const client = new PrometheusClient(
      selector.instance,
      this.health.prometheusTimeoutMs,
    );
    const [alerts, slos] = await Promise.all([
      alertsSection(client, selector),
      slosSection(client, selector),
    ]);
    return { alerts, slos };
  }

  async of(entity: Entity, now = Date.now()): Promise<ServiceHealthResponse> {
    const scope = scopeOfEntity(entity, this.config.productionEnvironments);
    const [delivery, { alerts, slos }] = await Promise.all([
      scope ? this.delivery.read(scope, now) : undefined,
      this.prometheus(entity),
    ]);
    const deliverySection: HealthSection<HealthDelivery> = delivery
      ? { state: 'ok', data: delivery }
      : {
          state: 'not-configured',
          reason: `Add the annotation ${ANNOTATION_GITHUB_PROJECT_SLUG}: owner/repo to the entity's catalog-info.yaml for its deployments, pipeline runs and incidents.`,
        };
    const changesBefore = scope
      ? await Promise.all(
          troublesOf(alerts, delivery).map(t =>
            this.delivery.changesBefore(scope, t, this.health.changeWindowMs),
          ),
        )
      : [];
    return {
      entityRef: stringifyEntityRef(entity),
      generatedAt: new Date(now).toISOString(),
      ...overallStatus({
        delivery: deliverySection,
        alerts,
        slos,
        productionEnvironments:
          scope?.productionEnvironments ?? this.config.productionEnvironments,
      }),
      changeWindowHours: this.health.changeWindowMs / 3_600_000,
      changesBefore,
      delivery: deliverySection,
      alerts,
      slos,
      contacts: contactsOf(entity),
    };
  }
}
