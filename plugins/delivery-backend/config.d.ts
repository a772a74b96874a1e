import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of the Launchpad delivery plugin (DORA metrics). */
  delivery?: {
    /**
     * Environment names that count as production when an entity has no
     * `launchpad.dev/production-environments` annotation.
     * Default: production, prod, live.
     */
    productionEnvironments?: string[];
    /**
     * How long before an incident's start a successful production deployment
     * may have finished to be blamed for it. Default 24 hours.
     */
    incidentAttributionWindow?:
      | string
      | {
          weeks?: number;
          days?: number;
          hours?: number;
          minutes?: number;
          seconds?: number;
        };
    /** A figure with fewer samples says "not enough data" instead of a level. Default 5. */
    minimumSampleSize?: number;
    /**
     * IANA time zone (for example `America/Los_Angeles`) whose calendar days
     * are the deploy days of deployment frequency. An entity's
     * `launchpad.dev/timezone` annotation overrides it. Default UTC.
     */
    timezone?: string;
    /** Default window of the metrics API in days. Default 30. */
    defaultWindowDays?: number;
    /** Services a group rollup covers at most. Default 500. */
    maxGroupServices?: number;
    events?: {
      /** Items one request to the events API may carry. Default 1000. */
      maxBatchSize?: number;
      /**
       * Bytes one request body to the events API may have; a larger one is
       * refused with 413 before it is read. Default 1048576 (1 MiB). GitHub
       * webhooks arrive through the events backend, which reads at most 5 MB.
       */
      maxBatchBytes?: number;
    };
    github?: {
      /** Issues with this label are incidents. Default `incident`. */
      incidentLabel?: string;
      /**
       * Scheduled sync from GitHub's API, with the credentials of
       * `integrations.github`. Off unless `schedule` is set.
       */
      sync?: {
        /**
         * How often the sync runs, for example
         * `{ frequency: { minutes: 5 }, timeout: { minutes: 30 } }`.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /** Days of history a newly seen repository is read back. Default 180. */
        backfillDays?: number;
        /** Repositories synced at the same time. Default 4. */
        concurrency?: number;
        /**
         * Below this many requests left in a host's rate-limit budget, its
         * remaining repositories wait for the next run. Default 100.
         */
        minRateLimitRemaining?: number;
        /**
         * GitHub Actions workflows whose runs are deployments, for every
         * repository (after an entity's own
         * `launchpad.dev/deployment-workflows`): `workflow` is a name
         * pattern where `*` matches any text, case-insensitive.
         */
        deploymentWorkflows?: Array<{
          workflow: string;
          /**
           * A job name pattern: the matching jobs of the workflow's runs are
           * the deployments (each attempt's job one), not the runs.
           */
          job?: string;
          /** Default `production`. */
          environment?: string;
        }>;
      };
    };
    /** Prometheus instances the health page reads alerts and SLO series from. */
    prometheus?: {
      /**
       * Each with a unique `name`; an entity's `prometheus.io/service-name`
       * picks one, the first is the default. `baseUrl` is the server's root,
       * e.g. `http://prometheus:9090` (the API is under `/api/v1`).
       */
      instances?: Array<{
        name: string;
        /** @visibility secret */
        baseUrl: string;
      }>;
      /** Seconds a request to Prometheus may take before the health page reports it as unavailable. Default 3. */
      timeoutSeconds?: number;
    };
    health?: {
      /** Hours before a firing alert or open incident in which the health page lists deployments and changes. Default 6. */
      changeWindowHours?: number;
    };
    metrics?: {
      /**
       * Compute every catalog service's figures for the default window ahead
       * of their readers, every 30 seconds in each backend instance: the
       * Organisation page and each service's page then find them computed.
       * Costs about one computation of the whole organisation a minute, and one of the services written to. Default true.
       */
      computeAhead?: boolean;
    };
    demoData?: {
      /**
       * Generate a deterministic year of delivery history for the catalog
       * Components annotated `launchpad.dev/demo-data: "true"` (the example
       * services) that have a github.com/project-slug annotation; no other
       * entity gets any. Off in production.
       */
      enabled?: boolean;
    };
  };
}
