import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { getDoraBenchmark } from '@internal/plugin-delivery-common';
import { INCIDENTS_REVISION, ReadRevisions } from '../database/revisions';
import { DeliveryConfig } from '../service/config';
import { EntityResolver } from '../service/EntityResolver';
import { DAY_MS, MetricScope } from './queries';
import {
  DeliveryMetrics,
  MetricsOptions,
  metricsOptions,
} from './DeliveryMetrics';
import { MINUTE_MS, defaultWindowEnd } from './FiguresCache';

export const WARM_ORGANISATION_TASK_ID = 'delivery-organisation-figures';
/** How often the organisation's figures are computed ahead of their readers. */
export const WARM_INTERVAL_MS = 30_000;

export interface WarmOrganisationOptions {
  metrics: DeliveryMetrics;
  resolver: EntityResolver;
  auth: AuthService;
  config: Pick<
    DeliveryConfig,
    | 'defaultWindowDays'
    | 'minimumSampleSize'
    | 'attributionWindowMs'
    | 'timezone'
  >;
  readRevisions: ReadRevisions;
}

/** Where the default window ending at `to` starts: the one start the routes and the warmer share. */
export const defaultWindowStart = (
  config: Pick<DeliveryConfig, 'defaultWindowDays'>,
  to: number,
) => to - config.defaultWindowDays * DAY_MS;

/** A read of `scopes` for the default window ending at `to`, as a page without a window of its own makes it. */
export function defaultWindowRead(
  config: WarmOrganisationOptions['config'],
  scopes: MetricScope[],
  to: number,
): MetricsOptions {
  return metricsOptions(config, {
    scopes,
    from: defaultWindowStart(config, to),
    to,
    benchmark: getDoraBenchmark()!,
  });
}

/**
 * Computes ahead, run after run, the figures every service of the catalog is
 * read with: those of the default window (as the Organisation page, the
 * entity pages and the group pages read them without a window of their own)
 * of this minute and of the next, so that the reads after the whole minute
 * find it computed. Figures that are current cost one check of their
 * revisions. The figures of the services together are shared (see
 * `FiguresCache.share`): other replicas read them instead of computing
 * them, and so does this backend's next process when its first readers
 * come within a minute of the last run (the next minute's window ends at
 * least a minute after it).
 *
 * The services whose history was written to since the previous run are left
 * to their readers: while their repositories are being written to (a CI
 * fleet posting to many of them), figures computed ahead would be stale
 * before anyone read them, and computing them would take the writers' CPU.
 * They are computed ahead at the first run that finds them quiet. The
 * figures of the services together are computed ahead only when every
 * service was quiet (a write of any service changes them).
 */
export class OrganisationWarmer {
  /** the revisions each key had at the previous run */
  private previous: Map<string, number> | undefined;

  constructor(private readonly options: WarmOrganisationOptions) {}

  /** Returns the number of services computed ahead. */
  async run(now = Date.now()): Promise<number> {
    const { metrics, resolver, auth, config, readRevisions } = this.options;
    const { scopes } = await resolver.organisation(
      await auth.getOwnServiceCredentials(),
    );
    if (!scopes.length) return 0;
    const keys = [
      ...new Set([...scopes.map(s => s.repository), INCIDENTS_REVISION]),
    ];
    const stored = await readRevisions(keys);
    const current = new Map(keys.map(k => [k, stored.get(k) ?? 0]));
    const previous = this.previous;
    this.previous = current;
    const written = (key: string) =>
      previous?.has(key) === true && previous.get(key) !== current.get(key);
    // an incident can change any service's figures
    if (written(INCIDENTS_REVISION)) return 0;
    const quiet = scopes.filter(s => !written(s.repository));
    // the later window first: a hit of the current one in the second half of
    // a minute would otherwise have the cache prefetch the later one as well
    const thisMinute = defaultWindowEnd(now);
    for (const to of [thisMinute + MINUTE_MS, thisMinute]) {
      if (quiet.length === scopes.length) {
        await metrics.share(defaultWindowRead(config, scopes, to));
      } else if (quiet.length) {
        await metrics.computeServicesAhead(
          defaultWindowRead(config, quiet, to),
        );
      }
    }
    return quiet.length;
  }
}

/**
 * Keeps the organisation's figures computed ahead of their readers, every
 * `WARM_INTERVAL_MS`: see `OrganisationWarmer`. A first load of the
 * Organisation page then does not compute every service's figures, on any
 * replica, nor right after a restart.
 */
export async function scheduleOrganisationWarming(
  options: WarmOrganisationOptions & {
    scheduler: SchedulerService;
    logger: LoggerService;
  },
) {
  const { scheduler, logger } = options;
  const warmer = new OrganisationWarmer(options);
  await scheduler.scheduleTask({
    id: WARM_ORGANISATION_TASK_ID,
    frequency: { seconds: WARM_INTERVAL_MS / 1000 },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 5 },
    scope: 'local',
    fn: async () => {
      try {
        await warmer.run();
      } catch (error) {
        logger.warn(
          `The organisation's delivery figures were not computed ahead: ${error}`,
        );
      }
    },
  });
}
