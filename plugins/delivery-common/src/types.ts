import { DoraLevel } from './benchmarks';

/** Outcome of a deployment attempt. */
export type DeploymentStatus =
  | 'queued'
  | 'in_progress'
  | 'success'
  | 'failure'
  | 'cancelled';

/** A duration figure; all durations are in seconds. */
export interface DurationFigure {
  median: number | null;
  p90: number | null;
  sampleSize: number;
  level: DoraLevel | null;
  /** how the level was found when the report gives clusters, not thresholds (see doraLevelNote) */
  levelNote?: string;
  notEnoughData: boolean;
  /** group figures: how many services' own figures the median is taken over */
  servicesCounted?: number;
  /** time to restore: external ids of the unresolved incidents it leaves out */
  openIncidents?: string[];
}

/** Deployment frequency is judged on at least this many full weeks. */
export const MINIMUM_FREQUENCY_WEEKS = 4;

export interface DeploymentFrequencyFigure {
  count: number;
  perDay: number;
  perWeek: number;
  /** median over the window's full weeks of the number of days with a deployment */
  medianDeployDaysPerWeek: number;
  /** full weeks observed (0 when the window is shorter than a week) */
  sampleSize: number;
  level: DoraLevel | null;
  /** how the level was found when the report gives clusters, not thresholds (see doraLevelNote) */
  levelNote?: string;
  /** fewer than 4 full weeks in the window, or no deployment recorded yet */
  notEnoughData: boolean;
  /** group figures: how many services' own figures the median is taken over */
  servicesCounted?: number;
}

export interface RateFigure {
  /** fraction between 0 and 1, null when there is no deployment */
  value: number | null;
  numerator: number;
  sampleSize: number;
  level: DoraLevel | null;
  /** how the level was found when the report gives clusters, not thresholds (see doraLevelNote) */
  levelNote?: string;
  notEnoughData: boolean;
  /** group figures: how many services' own figures the median is taken over */
  servicesCounted?: number;
}

export interface DataQuality {
  /** successful production deployments in the window */
  deployments: number;
  /** share of those deployments whose sha could be linked to a change */
  linkedDeploymentShare: number | null;
  /** whether any incident has ever been recorded for the scope */
  incidentsConfigured: boolean;
  /** changes merged by squash or rebase whose first commit came from the pull request */
  squashOrRebaseMerges: number;
  /** the window contains the first deployment of a service (changes of the 30 days before it used) */
  firstDeployment: boolean;
  /** changes whose first commit is after the deployment: excluded from lead time */
  clockSkewChanges: number;
  /** failed deployments with no recovery yet: excluded from recovery time */
  unrecoveredFailures: number;
  /** changes without a known first commit time: excluded from lead time */
  changesWithoutFirstCommit: number;
  /** when the scope's repositories last had deployment events stored (ISO), null when never */
  newestEventAt: string | null;
  warnings: string[];
}

/** The five figures (and time to restore) of one service or of a group. */
export interface DeliveryFigures {
  /** no deployment recorded yet: every level is null */
  noDataYet: boolean;
  deploymentFrequency: DeploymentFrequencyFigure;
  changeLeadTime: DurationFigure;
  changeFailureRate: RateFigure;
  failedDeploymentRecoveryTime: DurationFigure;
  deploymentReworkRate: RateFigure;
  /** incident start to resolution, all incidents; not a DORA benchmark figure */
  timeToRestoreService: DurationFigure;
}

export interface ServiceDeliveryFigures extends DeliveryFigures {
  entityRef: string;
}

/** A team's figures in the organisation's: those its group page shows. */
export interface TeamDeliveryFigures extends DeliveryFigures {
  /** the group's entity ref */
  entityRef: string;
  /** the services it owns, itself or through its child groups */
  services: number;
}

/** What the catalog says about a service of the organisation. */
export interface ServiceCatalogFacts {
  /** the name a person knows the service by: its title, else its name */
  name: string;
  /** the entity ref of the group that owns it */
  owner?: string;
  /** the entity ref of its system */
  system?: string;
  /** its delivery history is generated demo data (`isDemoDataEntity`) */
  demo: boolean;
}

export interface DeliveryMetricsResponse
  extends Omit<DeliveryFigures, 'noDataYet'> {
  entityRefs: string[];
  group?: string;
  environments: string[];
  from: string;
  to: string;
  reportYear: number;
  minimumSampleSize: number;
  /** no service of the scope has a deployment recorded yet: every level is null */
  noDataYet?: boolean;
  /**
   * `service`: the figures of the one service; `median-of-services` (groups
   * and the organisation): each figure is the median of the figures of the
   * services with enough data, counts and sample sizes are pooled.
   */
  aggregation?: 'service' | 'median-of-services';
  /** every service's own figures and levels */
  services?: ServiceDeliveryFigures[];
  /**
   * The organisation only: the figures of every group that owns a service,
   * over the services it owns itself or through its child groups.
   */
  teams?: TeamDeliveryFigures[];
  /**
   * The organisation only: what the catalog says about each service, by
   * entity ref, as the caller may read it; the page needs no catalog
   * request of its own.
   */
  catalog?: Record<string, ServiceCatalogFacts>;
  dataQuality: DataQuality;
}

export interface DeliverySeriesBucket {
  from: string;
  to: string;
  deployments: number;
  failedDeployments: number;
  reworkDeployments: number;
  changeFailureRate: number | null;
  leadTimeMedian: number | null;
  leadTimeSampleSize: number;
  recoveryTimeMedian: number | null;
  recoverySampleSize: number;
}

export interface DeliverySeriesResponse {
  entityRefs: string[];
  group?: string;
  environments: string[];
  from: string;
  to: string;
  buckets: DeliverySeriesBucket[];
}

/**
 * `environment` value of `GET /deployments` that lists every environment
 * instead of the entity's production environments.
 */
export const ALL_ENVIRONMENTS = '*';

/**
 * `state` of `GET /incidents`: `all` (the default) and `resolved` list the
 * incidents started in the window; `open` lists every unresolved incident
 * started before `to`, however long ago.
 */
export const INCIDENT_STATES = ['open', 'resolved', 'all'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export interface Page<T> {
  items: T[];
  totalCount: number;
  limit: number;
  offset: number;
}

export interface DeploymentRow {
  id: number;
  repository: string;
  service: string | null;
  environment: string;
  sha: string;
  ref: string | null;
  status: DeploymentStatus;
  startedAt: string | null;
  finishedAt: string | null;
  source: string;
  externalId: string;
  workflow: string | null;
  isRollback: boolean;
  isHotfix: boolean;
  url: string | null;
}

/**
 * A deployment that deployment frequency counts (a successful deployment to
 * a production environment, or to the environment asked for, finished in the
 * window), as `GET /deployments/counted` lists them.
 */
export interface CountedDeploymentRow extends DeploymentRow {
  /** the service it is counted for (a group's monorepo deployment counts for each of its services) */
  entityRef: string;
  /** counted by the rework rate: a rollback, a hotfix, or it shipped a change naming an open incident */
  rework: boolean;
  /** counted by the change failure rate: repaired by a rollback or hotfix, or an incident is attributed to it */
  failed: boolean;
  /** a failed deployment's recovery time in seconds (as the recovery time figure counts it); null when not failed or not recovered yet */
  recoverySeconds: number | null;
}

export interface ChangeRow {
  id: number;
  repository: string;
  changeKey: string;
  pullRequestNumber: number | null;
  headSha: string;
  title: string | null;
  firstCommitAt: string | null;
  landedAt: string;
  mergeMethod: string | null;
  deploymentId: number;
  deployedAt: string;
  /** seconds, null when unknown or skewed */
  leadTimeSeconds: number | null;
  clockSkew: boolean;
}

export interface IncidentRow {
  id: number;
  source: string;
  externalId: string;
  entityRef: string | null;
  repository: string | null;
  title: string | null;
  severity: string | null;
  startedAt: string;
  resolvedAt: string | null;
  notChangeRelated: boolean;
  attributedDeploymentId: number | null;
  attribution: 'explicit' | 'time-window' | 'none' | 'not-change-related';
  url: string | null;
}

export interface PipelineRunRow {
  id: number;
  repository: string;
  source: string;
  externalId: string;
  workflow: string;
  branch: string | null;
  sha: string | null;
  status: string;
  conclusion: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  url: string | null;
  /** who started the run (a login), null when not reported */
  actor: string | null;
  /** the run's latest attempt (1 unless re-run) */
  attempt: number;
}

export interface IngestResponse {
  /** number of accepted items (stored once even when sent twice) */
  accepted: number;
  /**
   * What each item did, by its index in the request: `stored` a new record,
   * `updated` a stored one, changed nothing (`unchanged`, e.g. sent twice), or
   * was `ignored` with a `reason` (e.g. older than the stored status).
   */
  items: Array<{
    index: number;
    status: 'stored' | 'updated' | 'unchanged' | 'ignored';
    reason?: string;
  }>;
}

export interface IngestErrorItem {
  index: number;
  errors: string[];
}

/** One resource of a repository that the GitHub sync reads (deployments, runs, pull requests, incidents). */
export interface SyncResourceStatus {
  resource: string;
  /** when its last sync finished, null before the first */
  lastSyncedAt: string | null;
  backfill: {
    complete: boolean;
    pagesDone: number;
    /** unknown until GitHub said how many pages there are */
    pagesTotal: number | null;
    progress: string;
  };
  lastError: { message: string; at: string | null } | null;
}

/** `GET /sync-status`: how far the GitHub sync of each entity's repository is. */
export interface SyncStatusResponse {
  /** whether `delivery.github.sync.schedule` is configured */
  enabled: boolean;
  entities: Array<{
    entityRef: string;
    repository: string;
    host: string | null;
    resources: SyncResourceStatus[];
    rateLimit: {
      remaining: number;
      limit: number;
      resetAt: string | null;
      reportedAt: string | null;
    } | null;
  }>;
}
