import { z } from 'zod/v4';
import { ServiceScope } from '../../database/DeliveryStore';
import {
  changeEventSchema,
  deploymentEventSchema,
  incidentEventSchema,
} from '../../service/schemas';

/**
 * A reference implementation of the DORA definitions of docs/dora-metrics.md,
 * written to be read, not to be fast: it takes the raw events a client sends
 * (duplicated; deployments and changes in any order, incidents in delivery
 * order since their updates carry no time), resolves them in memory and
 * follows each rule literally. The property test compares the SQL
 * implementation with it.
 *
 * It knows nothing of the SQL or of its helpers (it has its own percentile
 * and calendar days), so that a shared mistake cannot hide. It covers
 * monorepo scopes (a path keeps the changes that touched it or whose paths
 * are unknown; workflows keep their deployments), deploy days in a time zone
 * and groups (`referenceGroup`).
 */

/** Events as a client sends them, before the schemas fill in defaults. */
export type DeploymentInput = z.input<typeof deploymentEventSchema>;
export type ChangeInput = z.input<typeof changeEventSchema>;
type PullRequestInput = Extract<ChangeInput, { type: 'pull_request' }>;
export type IncidentInput = z.input<typeof incidentEventSchema>;

export interface ReferenceHistory {
  deployments: DeploymentInput[];
  changes: ChangeInput[];
  /** in delivery order: an incident has no event time, its last update wins */
  incidents: IncidentInput[];
}

export interface ReferenceOptions {
  /** `timezone`: the scope's own zone for deploy days, before the organisation's */
  scope: ServiceScope & { timezone?: string };
  from: number;
  to: number;
  attributionWindowMs: number;
  /** the organisation's time zone; UTC when absent */
  timezone?: string;
}

/** Durations in seconds, rounded to the millisecond as the API rounds them. */
export interface ReferenceDurations {
  median: number | null;
  p90: number | null;
  n: number;
}

export interface ReferenceFigures {
  deploymentFrequency: { count: number; medianDeployDaysPerWeek: number };
  changeLeadTime: ReferenceDurations;
  changeFailureRate: { numerator: number; denominator: number };
  failedDeploymentRecoveryTime: ReferenceDurations;
  deploymentReworkRate: { numerator: number; denominator: number };
  timeToRestoreService: ReferenceDurations;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const FIRST_DEPLOYMENT_LOOKBACK_MS = 30 * DAY_MS;
const FINAL_STATUSES = ['success', 'failure', 'cancelled'];
const DEFAULT_SOURCE = 'events-api';

const millis = (iso: string | undefined) =>
  iso === undefined ? undefined : Date.parse(iso);

/** A successful production deployment of the service. */
interface Deployment {
  externalId: string;
  stream: string;
  sha: string;
  finishedAt: number;
  rollback: boolean;
  hotfix: boolean;
}

interface Change {
  /** changed paths, normalised; empty when unknown */
  paths: string[];
  headSha: string;
  landedAt: number;
  firstCommitAt: number | undefined;
  hotfix: boolean;
  fixesIncident: string | undefined;
}

interface Incident {
  ofService: boolean;
  externalId: string;
  startedAt: number;
  resolvedAt: number | undefined;
  deployment: string | undefined;
  rootCauseSha: string | undefined;
  notChangeRelated: boolean;
}

/** A path without leading `./` or `/` and trailing `/`. */
const normalise = (path: string) =>
  path.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');

function groupBy<T>(items: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return [...groups.values()];
}

/**
 * A deployment's outcome is its status with the latest event time, except
 * that a final status is never demoted by a non-final one; its time is the
 * finish of its success status.
 */
function attemptsOf(events: DeploymentInput[], scope: ServiceScope) {
  const production = scope.productionEnvironments.map(e => e.toLowerCase());
  return groupBy(
    events,
    e => `${e.source ?? DEFAULT_SOURCE}\u0000${e.externalId}`,
  ).map(attempt => {
    const eventTime = (e: DeploymentInput) =>
      millis(e.finishedAt ?? e.startedAt) ?? -Infinity;
    const finals = attempt.filter(e => FINAL_STATUSES.includes(e.status));
    const candidates = finals.length ? finals : attempt;
    const outcome = candidates.reduce((a, b) =>
      eventTime(b) > eventTime(a) ? b : a,
    );
    const inScope =
      outcome.repository.toLowerCase() === scope.repository &&
      production.includes(outcome.environment.toLowerCase()) &&
      (outcome.service === undefined || outcome.service === scope.entityRef) &&
      (scope.workflows.length === 0 ||
        scope.workflows.includes(outcome.workflow ?? ''));
    // when it is recorded: its finish once final, else its earliest start
    const recordedAt = finals.length
      ? eventTime(outcome)
      : Math.min(...attempt.map(e => millis(e.startedAt) ?? Infinity));
    return { outcome, inScope, recordedAt };
  });
}

/** A service has data once a deployment of it, of any outcome, is recorded before `to`. */
function hasData(events: DeploymentInput[], scope: ServiceScope, to: number) {
  return attemptsOf(events, scope).some(a => a.inScope && a.recordedAt < to);
}

function successfulProductionDeployments(
  events: DeploymentInput[],
  scope: ServiceScope,
): Deployment[] {
  const result: Deployment[] = [];
  for (const { outcome, inScope } of attemptsOf(events, scope)) {
    if (outcome.status === 'success' && inScope) {
      result.push({
        externalId: outcome.externalId,
        stream: outcome.environment.toLowerCase(),
        sha: outcome.sha.toLowerCase(),
        finishedAt: millis(outcome.finishedAt)!,
        rollback: outcome.rollback ?? false,
        hotfix:
          (outcome.hotfix ?? false) ||
          /^(refs\/heads\/)?hotfix[/-]/i.test(outcome.ref ?? ''),
      });
    }
  }
  return result.sort((a, b) => a.finishedAt - b.finishedAt);
}

/**
 * Changes: merged pull requests (their commits, listed by the pull request
 * or naming it, whatever the merge method) and commits pushed to the default
 * branch that belong to no pull request. A field an event does not carry
 * keeps its value from the other events.
 */
function changesOf(events: ChangeInput[], repository: string): Change[] {
  const ofRepository = events.filter(
    e => e.repository.toLowerCase() === repository,
  );
  const commitAuthored = new Map<string, number>();
  const commitPaths = new Map<string, string[]>();
  const commitPullRequest = new Map<string, number>();
  const pushedAt = new Map<string, number>();
  const pullRequests = new Map<number, PullRequestInput[]>();
  for (const e of ofRepository) {
    if (e.type === 'commit') {
      commitAuthored.set(e.sha.toLowerCase(), millis(e.authoredAt)!);
      if (e.paths) commitPaths.set(e.sha.toLowerCase(), e.paths);
      if (e.pullRequestNumber !== undefined) {
        commitPullRequest.set(e.sha.toLowerCase(), e.pullRequestNumber);
      }
      if (e.pushedAt !== undefined) {
        pushedAt.set(e.sha.toLowerCase(), millis(e.pushedAt)!);
      }
    } else {
      pullRequests.set(e.number, [...(pullRequests.get(e.number) ?? []), e]);
      for (const c of e.commits ?? []) {
        commitAuthored.set(c.sha.toLowerCase(), millis(c.authoredAt)!);
        if (c.paths) commitPaths.set(c.sha.toLowerCase(), c.paths);
        commitPullRequest.set(c.sha.toLowerCase(), e.number);
      }
    }
  }
  const changes: Change[] = [];
  for (const [number, prEvents] of pullRequests) {
    const carried = <K extends keyof PullRequestInput>(field: K) =>
      prEvents.map(e => e[field]).find(v => v !== undefined);
    const mergedAt = carried('mergedAt');
    const mergeCommitSha = carried('mergeCommitSha');
    if (mergedAt === undefined || mergeCommitSha === undefined) continue;
    const firstCommitTimes = [
      ...[...commitPullRequest]
        .filter(([, pr]) => pr === number)
        .map(([s]) => commitAuthored.get(s)!),
      ...prEvents.map(e => millis(e.firstCommitAt)),
    ].filter((v): v is number => v !== undefined);
    const labels = prEvents.flatMap(e => e.labels ?? []);
    const headRef = carried('headRef') ?? '';
    // its own paths and those of its commits
    const paths = [
      ...(carried('paths') ?? []),
      ...[...commitPullRequest]
        .filter(([, pr]) => pr === number)
        .flatMap(([s]) => commitPaths.get(s) ?? []),
    ];
    changes.push({
      paths: [...new Set(paths.map(normalise))],
      headSha: mergeCommitSha.toLowerCase(),
      landedAt: millis(mergedAt)!,
      firstCommitAt: firstCommitTimes.length
        ? Math.min(...firstCommitTimes)
        : undefined,
      hotfix:
        labels.some(l => l.toLowerCase() === 'hotfix') ||
        /^hotfix[/-]/i.test(headRef),
      fixesIncident: carried('fixesIncident'),
    });
  }
  for (const [commitSha, at] of pushedAt) {
    if (commitPullRequest.has(commitSha)) continue;
    changes.push({
      paths: [...new Set((commitPaths.get(commitSha) ?? []).map(normalise))],
      headSha: commitSha,
      landedAt: at,
      firstCommitAt: commitAuthored.get(commitSha),
      hotfix: false,
      fixesIncident: undefined,
    });
  }
  return changes;
}

/**
 * Every incident, with whether it is the service's. An update changes only
 * the fields it carries; `resolvedAt: null` reopens.
 */
function resolveIncidents(events: IncidentInput[], scope: ServiceScope) {
  const incidents: Incident[] = [];
  for (const updates of groupBy(
    events,
    e => `${e.source ?? DEFAULT_SOURCE}\u0000${e.externalId}`,
  )) {
    const carried = <K extends keyof IncidentInput>(field: K) =>
      updates
        .map(e => e[field])
        .reverse()
        .find(v => v !== undefined);
    const entityRef = carried('entityRef');
    const repository = carried('repository')?.toLowerCase();
    incidents.push({
      ofService:
        entityRef === scope.entityRef ||
        (entityRef === undefined && repository === scope.repository),
      externalId: updates[0].externalId,
      startedAt: millis(carried('startedAt'))!,
      resolvedAt: millis(carried('resolvedAt') ?? undefined),
      deployment: carried('deployment'),
      rootCauseSha: carried('rootCauseSha')?.toLowerCase(),
      notChangeRelated: carried('notChangeRelated') ?? false,
    });
  }
  return incidents;
}

/** Linear interpolation between closest ranks (PostgreSQL's percentile_cont). */
function percentile(sorted: number[], p: number): number {
  const rank = p * (sorted.length - 1);
  const below = sorted[Math.floor(rank)];
  const above = sorted[Math.ceil(rank)];
  return below + (above - below) * (rank - Math.floor(rank));
}

function durations(samplesMs: number[]): ReferenceDurations {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const seconds = (ms: number) => Math.round(ms) / 1000;
  return {
    median: sorted.length ? seconds(percentile(sorted, 0.5)) : null,
    p90: sorted.length ? seconds(percentile(sorted, 0.9)) : null,
    n: sorted.length,
  };
}

export function referenceDora(
  history: ReferenceHistory,
  options: ReferenceOptions,
): ReferenceFigures {
  const { scope, from, to, attributionWindowMs } = options;
  const deployments = successfulProductionDeployments(
    history.deployments,
    scope,
  );
  const changes = changesOf(history.changes, scope.repository);
  const allIncidents = resolveIncidents(history.incidents, scope);
  const incidents = allIncidents.filter(i => i.ofService);
  const inWindow = (t: number) => t >= from && t < to;
  const windowDeployments = deployments.filter(d => inWindow(d.finishedAt));
  const streamOf = (d: Deployment) =>
    deployments.filter(s => s.stream === d.stream);

  // Where each sha sits on the default branch: when its change landed.
  const landedAt = new Map(changes.map(c => [c.headSha, c.landedAt]));

  // The changes each deployment shipped first in its stream: landed after
  // the highest sha its stream had shipped and at or before its own sha; a
  // stream's first deployment of a known sha takes the 30 days before it.
  const shipped = new Map<Deployment, Change[]>();
  for (const stream of new Set(deployments.map(d => d.stream))) {
    let highest: number | undefined;
    for (const d of deployments.filter(s => s.stream === stream)) {
      const position = landedAt.get(d.sha);
      if (
        position === undefined ||
        (highest !== undefined && position <= highest)
      ) {
        shipped.set(d, []);
        continue;
      }
      const lower = highest;
      shipped.set(
        d,
        changes.filter(
          c =>
            c.landedAt <= position &&
            (lower === undefined
              ? c.landedAt >= d.finishedAt - FIRST_DEPLOYMENT_LOOKBACK_MS
              : c.landedAt > lower),
        ),
      );
      highest = position;
    }
  }
  // a monorepo entity keeps the changes that touched its path or whose
  // paths are unknown
  const path = scope.path;
  if (path) {
    for (const [d, list] of shipped) {
      shipped.set(
        d,
        list.filter(
          c =>
            !c.paths.length ||
            c.paths.some(p => p === path || p.startsWith(`${path}/`)),
        ),
      );
    }
  }

  // Incident attribution: explicit deployment id, explicit sha (the first
  // deployment that shipped it: of that sha or of a later one), else the
  // latest deployment within the window before the start; never when flagged.
  const shipsSha = (d: Deployment, commitSha: string) => {
    const at = landedAt.get(commitSha);
    const position = landedAt.get(d.sha);
    return (
      d.sha === commitSha ||
      (at !== undefined && position !== undefined && position >= at)
    );
  };
  const attributedTo = new Map<Incident, Deployment | undefined>();
  for (const incident of incidents) {
    const rootCause = incident.rootCauseSha;
    const explicit =
      deployments.find(d => d.externalId === incident.deployment) ??
      (rootCause === undefined
        ? undefined
        : deployments.find(d => shipsSha(d, rootCause)));
    const byWindow = deployments
      .filter(
        d =>
          d.finishedAt <= incident.startedAt &&
          d.finishedAt >= incident.startedAt - attributionWindowMs,
      )
      .pop();
    attributedTo.set(
      incident,
      incident.notChangeRelated ? undefined : explicit ?? byWindow,
    );
  }
  const incidentsOfDeployment = (d: Deployment) =>
    incidents.filter(i => attributedTo.get(i) === d);

  // Rollbacks and hotfixes mark as failed the deployment they repair: the
  // one named by the incident they fix, else the stream's previous one.
  const isFix = (d: Deployment) =>
    d.rollback || d.hotfix || shipped.get(d)!.some(c => c.hotfix);
  const failed = new Set<Deployment>(
    [...attributedTo.values()].filter((d): d is Deployment => !!d),
  );
  for (const fix of deployments.filter(isFix)) {
    const fixedIncidents = shipped
      .get(fix)!
      .flatMap(c => incidents.filter(i => i.externalId === c.fixesIncident));
    const named = fixedIncidents
      .map(i => attributedTo.get(i))
      .filter((d): d is Deployment => !!d);
    const stream = streamOf(fix);
    const previous = stream[stream.indexOf(fix) - 1];
    for (const d of named.length ? named : [previous]) {
      if (d) failed.add(d);
    }
  }

  // Recovery: from the earlier of the deployment and its incidents' start,
  // to the first deployment of its stream of another sha after detection,
  // or when every attributed incident is resolved, whichever is first.
  const recoveries: number[] = [];
  for (const d of windowDeployments.filter(w => failed.has(w))) {
    const own = incidentsOfDeployment(d);
    const starts = own.map(i => i.startedAt);
    const detectedAt = own.length ? Math.min(...starts) : d.finishedAt;
    const start = Math.min(d.finishedAt, ...starts);
    const after = Math.max(detectedAt, d.finishedAt);
    const nextDeployment = streamOf(d).find(
      s => s.finishedAt > after && s.sha !== d.sha,
    );
    const ends: number[] = [];
    if (nextDeployment) ends.push(nextDeployment.finishedAt);
    if (own.length && own.every(i => i.resolvedAt !== undefined)) {
      ends.push(Math.max(...own.map(i => i.resolvedAt!)));
    }
    if (ends.length) recoveries.push(Math.min(...ends) - start);
  }

  // a fix of another service's incident is rework too
  const openAt = (externalId: string | undefined, t: number) =>
    allIncidents.some(
      i =>
        i.externalId === externalId &&
        i.startedAt <= t &&
        (i.resolvedAt === undefined || i.resolvedAt > t),
    );
  const isRework = (d: Deployment) =>
    isFix(d) ||
    shipped.get(d)!.some(c => openAt(c.fixesIncident, d.finishedAt));

  const leadTimes = windowDeployments.flatMap(d =>
    shipped
      .get(d)!
      .filter(c => c.firstCommitAt !== undefined)
      .map(c => d.finishedAt - c.firstCommitAt!),
  );

  return {
    deploymentFrequency: {
      count: windowDeployments.length,
      medianDeployDaysPerWeek: medianDeployDaysPerWeek(
        windowDeployments,
        from,
        to,
        scope.timezone ?? options.timezone ?? 'UTC',
      ),
    },
    changeLeadTime: durations(leadTimes),
    changeFailureRate: {
      numerator: windowDeployments.filter(d => failed.has(d)).length,
      denominator: windowDeployments.length,
    },
    failedDeploymentRecoveryTime: durations(recoveries),
    deploymentReworkRate: {
      numerator: windowDeployments.filter(isRework).length,
      denominator: windowDeployments.length,
    },
    timeToRestoreService: durations(
      incidents
        .filter(i => inWindow(i.startedAt) && i.resolvedAt !== undefined)
        .map(i => i.resolvedAt! - i.startedAt),
    ),
  };
}

/** The calendar day of `t` in `zone`, as days since 1970-01-01. */
function calendarDay(t: number, zone: string): number {
  // en-CA writes dates as YYYY-MM-DD
  const date = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(t));
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/**
 * Median over the window's full weeks of the calendar days (in `zone`) with
 * a deployment. A week is seven calendar days from the day of the window's
 * start, so that every deploy day belongs to one week.
 */
function medianDeployDaysPerWeek(
  deployments: Deployment[],
  from: number,
  to: number,
  zone: string,
): number {
  const weeks = Math.max(1, Math.floor((to - from) / WEEK_MS));
  const dayOf = (t: number) => calendarDay(t, zone);
  const daysPerWeek = Array.from({ length: weeks }, (_, week) => {
    const days = deployments
      .map(d => dayOf(d.finishedAt))
      .filter(day => Math.floor((day - dayOf(from)) / 7) === week);
    return new Set(days).size;
  });
  return percentile(
    daysPerWeek.sort((a, b) => a - b),
    0.5,
  );
}

/** A service of a group: its history and scope. */
export interface ReferenceService {
  history: ReferenceHistory;
  scope: ReferenceOptions['scope'];
}

const medianOf = (values: number[]) =>
  values.length
    ? percentile(
        [...values].sort((a, b) => a - b),
        0.5,
      )
    : null;
const total = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * A group's figures: each the median of the figures of the services with
 * data (a deployment recorded before `to`) and at least `minimumSampleSize`
 * samples; deploy days need four full weeks in the window. Counts and
 * sample sizes are pooled over all services.
 */
export function referenceGroup(
  services: ReferenceService[],
  options: Omit<ReferenceOptions, 'scope'> & { minimumSampleSize: number },
): ReferenceFigures {
  const all = services.map(s => ({
    figures: referenceDora(s.history, { ...options, scope: s.scope }),
    hasData: hasData(s.history.deployments, s.scope, options.to),
  }));
  const withData = all.filter(s => s.hasData).map(s => s.figures);
  const medians = (
    pick: (f: ReferenceFigures) => ReferenceDurations,
  ): ReferenceDurations => {
    const counted = withData
      .map(pick)
      .filter(d => d.n >= options.minimumSampleSize);
    return {
      median: medianOf(counted.map(d => d.median!)),
      p90: medianOf(counted.map(d => d.p90!)),
      n: total(all.map(s => pick(s.figures).n)),
    };
  };
  const pooled = (
    pick: (f: ReferenceFigures) => { numerator: number; denominator: number },
  ) => ({
    numerator: total(all.map(s => pick(s.figures).numerator)),
    denominator: total(all.map(s => pick(s.figures).denominator)),
  });
  const fullWeeks = Math.floor((options.to - options.from) / WEEK_MS) >= 4;
  return {
    deploymentFrequency: {
      count: total(all.map(s => s.figures.deploymentFrequency.count)),
      medianDeployDaysPerWeek:
        medianOf(
          fullWeeks
            ? withData.map(f => f.deploymentFrequency.medianDeployDaysPerWeek)
            : [],
        ) ?? 0,
    },
    changeLeadTime: medians(f => f.changeLeadTime),
    changeFailureRate: pooled(f => f.changeFailureRate),
    failedDeploymentRecoveryTime: medians(f => f.failedDeploymentRecoveryTime),
    deploymentReworkRate: pooled(f => f.deploymentReworkRate),
    timeToRestoreService: medians(f => f.timeToRestoreService),
  };
}
