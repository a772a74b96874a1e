import { Config, readDurationFromConfig } from '@backstage/config';
import { DEFAULT_PRODUCTION_ENVIRONMENTS } from '@internal/plugin-delivery-common';
import { isValidTimezone } from '../metrics/timezone';

export interface DeliveryConfig {
  productionEnvironments: string[];
  attributionWindowMs: number;
  minimumSampleSize: number;
  /** IANA time zone deploy days are counted in, unless an entity says otherwise */
  timezone: string;
  defaultWindowDays: number;
  maxGroupServices: number;
  maxBatchSize: number;
  /** Largest request body the events API reads. */
  maxBatchBytes: number;
  demoDataEnabled: boolean;
  /** whether the organisation's figures are computed ahead of their readers */
  computeAhead: boolean;
  github: {
    incidentLabel: string;
  };
}

const UNIT_MS: Record<string, number> = {
  years: 365 * 86_400_000,
  months: 30 * 86_400_000,
  weeks: 7 * 86_400_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1000,
  milliseconds: 1,
};

export function readDeliveryConfig(root: Config): DeliveryConfig {
  const config = root.getOptionalConfig('delivery');
  let attributionWindowMs = 24 * 3_600_000;
  if (config?.has('incidentAttributionWindow')) {
    const d = readDurationFromConfig(config, {
      key: 'incidentAttributionWindow',
    });
    attributionWindowMs = Object.entries(d).reduce(
      (sum, [unit, n]) => sum + (UNIT_MS[unit] ?? 0) * Number(n),
      0,
    );
  }
  const timezone = config?.getOptionalString('timezone') ?? 'UTC';
  if (!isValidTimezone(timezone)) {
    throw new Error(
      `delivery.timezone: '${timezone}' is not an IANA time zone such as Europe/Berlin`,
    );
  }
  return {
    productionEnvironments:
      config?.getOptionalStringArray('productionEnvironments') ??
      DEFAULT_PRODUCTION_ENVIRONMENTS,
    attributionWindowMs,
    minimumSampleSize: config?.getOptionalNumber('minimumSampleSize') ?? 5,
    timezone,
    defaultWindowDays: config?.getOptionalNumber('defaultWindowDays') ?? 30,
    maxGroupServices: config?.getOptionalNumber('maxGroupServices') ?? 500,
    maxBatchSize: config?.getOptionalNumber('events.maxBatchSize') ?? 1000,
    maxBatchBytes:
      config?.getOptionalNumber('events.maxBatchBytes') ?? 1024 * 1024,
    demoDataEnabled: config?.getOptionalBoolean('demoData.enabled') ?? false,
    computeAhead: config?.getOptionalBoolean('metrics.computeAhead') ?? true,
    github: {
      incidentLabel:
        config?.getOptionalString('github.incidentLabel') ?? 'incident',
    },
  };
}
