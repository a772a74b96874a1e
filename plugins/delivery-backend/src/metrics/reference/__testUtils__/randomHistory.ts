import fc from 'fast-check';
import {
  ChangeInput,
  DeploymentInput,
  IncidentInput,
  ReferenceHistory,
} from '../referenceDora';

/**
 * Random delivery histories for the property test: a plan of timed actions
 * (pushes, merges of every kind, deployments to several production streams,
 * rollbacks, hotfixes, incidents) that `buildHistory` turns into the events a
 * client would send, duplicated and shuffled in delivery order.
 */

const SECOND = 1000;
const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;
/** Monday 2026-01-05 00:00 UTC: plan times are seconds after it. */
export const PLAN_T0 = Date.parse('2026-01-05T00:00:00Z');

/** The production environments of the scope, one stream each. */
export const PRODUCTION_ENVIRONMENTS = ['production', 'production-eu', 'live'];
/** Spellings of each stream's environment: names match case-insensitively. */
const SPELLINGS = [
  ['production', 'Production', 'PRODUCTION'],
  ['production-eu', 'Production-EU', 'production-EU'],
  ['live', 'Live', 'LIVE'],
];

/** Workflows deployments name (or none); monorepo scopes select some. */
const WORKFLOWS = ['deploy', 'release', 'nightly', undefined];
/**
 * Paths changes touch (none: unknown), spelled as clients send them; a scope
 * of `services/api` keeps the first, fourth and fifth, not `services/apix`.
 */
const PATH_SETS = [
  [],
  ['services/api/src/a.ts'],
  ['services/web/b.ts'],
  ['./services/api/'],
  ['docs/x.md', '/services/api/c.ts'],
  ['services/apix/d.ts'],
];

/** The monorepo scopes and time zones a plan's service may have. */
export const SCOPE_PATHS = [undefined, 'services/api', 'services'];
export const SCOPE_WORKFLOWS = [[], ['deploy'], ['deploy', 'release']];
export const TIMEZONES = [
  undefined,
  'Europe/Berlin',
  'America/New_York',
  'Pacific/Auckland',
  'Asia/Kolkata',
];

const HOTFIX_REFS = [
  'refs/heads/hotfix/urgent',
  'hotfix-login',
  'hotfix/cache',
];

type Gap = { gap: number };
export type Action = Gap &
  /** one push of one to three commits straight to the default branch */
  (| { kind: 'push'; ages: number[]; paths: number }
    | {
        kind: 'pr';
        method: 'merge' | 'squash' | 'rebase';
        commitAges: number[];
        firstCommitEarlier: number | null;
        hotfix: 'none' | 'label' | 'branch';
        fixes: number | null;
        openSnapshot: boolean;
        commitEvents: boolean;
        /** false: the merged event carries no commits (as GitHub's webhook) */
        commitsListed: boolean;
        /** its own paths; each commit gets the next set */
        paths: number;
      }
    | {
        kind: 'deploy';
        stream: number;
        spelling: number;
        target: 'latest' | 'older' | 'unknown';
        pick: number;
        status: 'success' | 'failure' | 'cancelled' | 'in_progress';
        duration: number;
        lateInProgress: number | null;
        /** an earlier final status of the other outcome (a retried rollout) */
        earlierFinal: boolean;
        hotfix: 'none' | 'flag' | 'ref';
        namesService: boolean;
        workflow: number;
      }
    | {
        kind: 'rollback';
        stream: number;
        spelling: number;
        duration: number;
        workflow: number;
      }
    | {
        kind: 'incident';
        link: 'none' | 'deployment' | 'next-deployment' | 'sha';
        pick: number;
        notChangeRelated: boolean;
        resolveAfter: number | null;
        resolveLater: boolean;
        /** a reopening (`resolvedAt: null`) after the resolution */
        reopen: boolean;
        owner: 'entity' | 'repository' | 'other';
      }
    | { kind: 'noise'; what: 'staging' | 'other-service' }
  );

/** The plan's service: indexes into SCOPE_PATHS, SCOPE_WORKFLOWS, TIMEZONES. */
export interface ScopeVariant {
  path: number;
  workflows: number;
  /** the entity's own time zone */
  timezone: number;
  /** the organisation's */
  orgTimezone: number;
}

export interface Plan {
  actions: Action[];
  scope: ScopeVariant;
  /** window start, in percent of the plan's span, and length in seconds */
  from: number;
  length: number;
  /** window start in seconds, overriding `from` (set while minimising) */
  fromSeconds?: number;
  /** 0: deliver in order, once; else the seed of duplication, shuffle and batches */
  delivery: number;
}

const gap = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 600 }) },
  { weight: 8, arbitrary: fc.integer({ min: 600, max: 6 * HOUR_S }) },
  { weight: 4, arbitrary: fc.integer({ min: 6 * HOUR_S, max: 2 * DAY_S }) },
  { weight: 1, arbitrary: fc.integer({ min: 2 * DAY_S, max: 12 * DAY_S }) },
  // exactly the attribution window and the first deployment's look-back
  { weight: 1, arbitrary: fc.constantFrom(DAY_S, 30 * DAY_S) },
);
const age = fc.oneof(
  fc.integer({ min: 1, max: HOUR_S }),
  fc.integer({ min: HOUR_S, max: 10 * DAY_S }),
);
const stream = fc.integer({ min: 0, max: PRODUCTION_ENVIRONMENTS.length - 1 });
const spelling = fc.integer({ min: 0, max: 2 });
const duration = fc.integer({ min: 1, max: 1800 });
const workflow = fc.integer({ min: 0, max: WORKFLOWS.length - 1 });
const paths = fc.integer({ min: 0, max: PATH_SETS.length - 1 });

export const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('push' as const),
      gap,
      ages: fc.array(age, { minLength: 1, maxLength: 3 }),
      paths,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('pr' as const),
      gap,
      method: fc.constantFrom(
        'merge' as const,
        'squash' as const,
        'rebase' as const,
      ),
      commitAges: fc.array(age, { maxLength: 3 }),
      firstCommitEarlier: fc.option(age),
      hotfix: fc.constantFrom(
        'none' as const,
        'label' as const,
        'branch' as const,
      ),
      fixes: fc.option(fc.nat()),
      openSnapshot: fc.boolean(),
      commitEvents: fc.boolean(),
      commitsListed: fc.boolean(),
      paths,
    }),
  },
  {
    weight: 7,
    arbitrary: fc.record({
      kind: fc.constant('deploy' as const),
      gap,
      stream,
      spelling,
      target: fc.constantFrom(
        'latest' as const,
        'older' as const,
        'unknown' as const,
      ),
      pick: fc.nat(),
      status: fc.oneof(
        { weight: 6, arbitrary: fc.constant('success' as const) },
        { weight: 1, arbitrary: fc.constant('failure' as const) },
        { weight: 1, arbitrary: fc.constant('cancelled' as const) },
        { weight: 1, arbitrary: fc.constant('in_progress' as const) },
      ),
      duration,
      lateInProgress: fc.option(fc.integer({ min: 1, max: HOUR_S })),
      earlierFinal: fc.boolean(),
      hotfix: fc.constantFrom('none' as const, 'flag' as const, 'ref' as const),
      namesService: fc.boolean(),
      workflow,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('rollback' as const),
      gap,
      stream,
      spelling,
      duration,
      workflow,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('incident' as const),
      gap,
      link: fc.constantFrom(
        'none' as const,
        'deployment' as const,
        'next-deployment' as const,
        'sha' as const,
      ),
      pick: fc.nat(),
      notChangeRelated: fc.boolean(),
      resolveAfter: fc.option(fc.integer({ min: 1, max: 2 * DAY_S })),
      resolveLater: fc.boolean(),
      reopen: fc.boolean(),
      owner: fc.constantFrom(
        'entity' as const,
        'repository' as const,
        'other' as const,
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('noise' as const),
      gap,
      what: fc.constantFrom('staging' as const, 'other-service' as const),
    }),
  },
);

export const scopeVariantArbitrary: fc.Arbitrary<ScopeVariant> = fc.record({
  path: fc.integer({ min: 0, max: SCOPE_PATHS.length - 1 }),
  workflows: fc.integer({ min: 0, max: SCOPE_WORKFLOWS.length - 1 }),
  timezone: fc.integer({ min: 0, max: TIMEZONES.length - 1 }),
  orgTimezone: fc.integer({ min: 0, max: TIMEZONES.length - 1 }),
});

export const planArbitrary: fc.Arbitrary<Plan> = fc.record({
  actions: fc.array(actionArbitrary, { maxLength: 40, size: 'large' }),
  scope: scopeVariantArbitrary,
  from: fc.integer({ min: 0, max: 100 }),
  length: fc.integer({ min: 7 * DAY_S, max: 35 * DAY_S }),
  delivery: fc.nat(),
});

/** Names that keep one run's rows apart from every other run's. */
export interface RunNames {
  repository: string;
  entityRef: string;
  /** prefix of deployment and incident external ids */
  prefix: string;
}

export type Delivery =
  | { kind: 'deployment'; event: DeploymentInput }
  | { kind: 'change'; event: ChangeInput }
  | { kind: 'incident'; event: IncidentInput };

export interface BuiltHistory extends ReferenceHistory {
  from: number;
  to: number;
  /** the events in delivery order, some twice */
  deliveries: Delivery[];
}

/** A hex sha that spells a short label, so counterexamples stay readable. */
export const labelSha = (label: string) =>
  Buffer.from(label).toString('hex').padEnd(40, '0');
const shaLabel = (s: string) =>
  Buffer.from(s.replace(/(00)+$/, ''), 'hex').toString();

/** The `paths` field of set `n` (wrapping around); none for the empty set. */
const pathsOf = (n: number) => {
  const set = PATH_SETS[n % PATH_SETS.length];
  return set.length ? { paths: set } : {};
};

const iso = (seconds: number) =>
  new Date(PLAN_T0 + Math.round(seconds * SECOND)).toISOString();

const windowStart = (span: number, percent: number) =>
  Math.round((span * percent) / 100);

export function buildHistory(plan: Plan, names: RunNames): BuiltHistory {
  const events: Delivery[] = [];
  const heads: string[] = [];
  const successes: string[][] = PRODUCTION_ENVIRONMENTS.map(() => []);
  /** every deployment, of any outcome, environment or service */
  const deploymentIds: string[] = [];
  const incidentIds: string[] = [];
  let deploymentCount = 0;
  let prCount = 0;
  let pushCount = 0;
  let unknownCount = 0;
  let t = 0;
  /** the n-th latest item, wrapping around */
  const pick = <T>(items: T[], n: number) =>
    items[items.length - 1 - (n % items.length)];

  const deploy = (o: {
    environment: string;
    sha: string;
    status: DeploymentInput['status'];
    duration: number;
    rollback?: boolean;
    hotfix?: boolean;
    ref?: string;
    service?: string;
    lateInProgress?: number | null;
    earlierFinal?: boolean;
    workflow?: string;
  }) => {
    deploymentCount += 1;
    const base = {
      externalId: `${names.prefix}-d${deploymentCount}`,
      repository: names.repository,
      environment: o.environment,
      sha: o.sha,
      ref: o.ref,
      service: o.service,
      rollback: o.rollback,
      hotfix: o.hotfix,
      workflow: o.workflow,
    };
    const startedAt = iso(t - o.duration);
    events.push({
      kind: 'deployment',
      event: { ...base, status: 'in_progress', startedAt },
    });
    if (o.earlierFinal && (o.status === 'success' || o.status === 'failure')) {
      events.push({
        kind: 'deployment',
        event: {
          ...base,
          status: o.status === 'success' ? 'failure' : 'success',
          startedAt,
          finishedAt: startedAt,
        },
      });
    }
    if (o.status !== 'in_progress') {
      events.push({
        kind: 'deployment',
        event: { ...base, status: o.status, startedAt, finishedAt: iso(t) },
      });
    }
    if (o.lateInProgress) {
      events.push({
        kind: 'deployment',
        event: {
          ...base,
          status: 'in_progress',
          startedAt: iso(t + o.lateInProgress),
        },
      });
    }
    return base.externalId;
  };

  for (const a of plan.actions) {
    // milliseconds too, derived from the gap so that plans stay whole seconds
    t += a.gap + ((a.gap * 7919) % 1000) / 1000;
    const now = t;
    switch (a.kind) {
      case 'push': {
        pushCount += 1;
        const push = pushCount;
        const shas = a.ages.map((_, i) => labelSha(`push${push}c${i}`));
        a.ages.forEach((commitAge, i) =>
          events.push({
            kind: 'change',
            event: {
              type: 'commit',
              repository: names.repository,
              sha: shas[i],
              authoredAt: iso(now - commitAge),
              pushedAt: iso(now),
              pushHeadSha: shas[shas.length - 1],
              message: `change ${push}.${i}`,
              ...pathsOf(a.paths + i),
            },
          }),
        );
        // deployments name the push's head: what lands at once ships at once
        heads.push(shas[shas.length - 1]);
        break;
      }
      case 'pr': {
        prCount += 1;
        const number = prCount;
        // a rebase merge lands the pull request's own commits: at least one
        const ages =
          a.method === 'rebase' && !a.commitAges.length ? [1] : a.commitAges;
        const commits = ages.map((commitAge, i) => ({
          sha: labelSha(`pr${number}c${i}`),
          authoredAt: iso(now - commitAge),
          ...pathsOf(a.paths + i + 1),
        }));
        const head =
          a.method === 'rebase'
            ? commits[commits.length - 1].sha
            : labelSha(`pr${number}${a.method === 'merge' ? 'm' : 's'}`);
        const shared = {
          type: 'pull_request' as const,
          repository: names.repository,
          number,
          labels:
            a.hotfix === 'label' ? [pick(['hotfix', 'Hotfix'], number)] : [],
          headRef:
            a.hotfix === 'branch'
              ? `hotfix/fix-${number}`
              : `feature/${number}`,
          fixesIncident:
            a.fixes === null || !incidentIds.length
              ? undefined
              : pick(incidentIds, a.fixes),
          ...pathsOf(a.paths),
        };
        if (a.openSnapshot) {
          events.push({
            kind: 'change',
            event: { ...shared, commits: commits.slice(0, 1) },
          });
        }
        events.push({
          kind: 'change',
          event: {
            ...shared,
            mergedAt: iso(now),
            mergeCommitSha: head,
            mergeMethod: a.method,
            firstCommitAt:
              a.firstCommitEarlier === null
                ? undefined
                : iso(now - Math.max(0, ...ages) - a.firstCommitEarlier),
            // a rebase merge's pushed commits are known as its own only from it
            commits:
              a.commitsListed || a.method === 'rebase' ? commits : undefined,
          },
        });
        for (const c of commits) {
          if (a.method === 'rebase') {
            events.push({
              kind: 'change',
              event: {
                type: 'commit',
                repository: names.repository,
                ...c,
                pushedAt: iso(now),
                pushHeadSha: head,
              },
            });
          } else if (a.commitEvents) {
            events.push({
              kind: 'change',
              event: {
                type: 'commit',
                repository: names.repository,
                ...c,
                pullRequestNumber: number,
              },
            });
          }
        }
        heads.push(head);
        break;
      }
      case 'deploy': {
        let target: string;
        if (a.target === 'unknown' || !heads.length) {
          unknownCount += 1;
          target = labelSha(`x${unknownCount}`);
        } else {
          target =
            a.target === 'latest'
              ? heads[heads.length - 1]
              : pick(heads, a.pick);
        }
        const id = deploy({
          environment: SPELLINGS[a.stream][a.spelling],
          sha: target,
          status: a.status,
          duration: a.duration,
          hotfix: a.hotfix === 'flag' ? true : undefined,
          ref:
            a.hotfix === 'ref' ? pick(HOTFIX_REFS, a.pick) : 'refs/heads/main',
          service: a.namesService ? names.entityRef : undefined,
          lateInProgress: a.lateInProgress,
          earlierFinal: a.earlierFinal,
          workflow: WORKFLOWS[a.workflow],
        });
        deploymentIds.push(id);
        if (a.status === 'success') successes[a.stream].push(target);
        break;
      }
      case 'rollback': {
        const deployed = successes[a.stream];
        if (deployed.length < 2) break;
        const target = deployed[deployed.length - 2];
        deploymentIds.push(
          deploy({
            environment: SPELLINGS[a.stream][a.spelling],
            sha: target,
            status: 'success',
            duration: a.duration,
            rollback: true,
            workflow: WORKFLOWS[a.workflow],
          }),
        );
        deployed.push(target);
        break;
      }
      case 'incident': {
        const externalId = `${names.prefix}-i${incidentIds.length + 1}`;
        incidentIds.push(externalId);
        const owner =
          a.owner === 'repository'
            ? { repository: names.repository }
            : {
                entityRef:
                  a.owner === 'entity'
                    ? names.entityRef
                    : 'component:default/other',
              };
        const link: Partial<IncidentInput> = {};
        if (a.link === 'deployment' && deploymentIds.length) {
          link.deployment = pick(deploymentIds, a.pick);
        } else if (a.link === 'next-deployment') {
          // names the deployment that comes next, whatever becomes of it
          link.deployment = `${names.prefix}-d${deploymentCount + 1}`;
        } else if (a.link === 'sha' && heads.length) {
          link.rootCauseSha = pick(heads, a.pick);
        }
        const opened: IncidentInput = {
          externalId,
          ...owner,
          title: `incident ${incidentIds.length}`,
          startedAt: iso(now),
          ...link,
          notChangeRelated: a.notChangeRelated || undefined,
        };
        const resolvedAt =
          a.resolveAfter === null ? undefined : iso(now + a.resolveAfter);
        if (resolvedAt && a.resolveLater) {
          events.push({ kind: 'incident', event: opened });
          events.push({
            kind: 'incident',
            event: { externalId, ...owner, startedAt: iso(now), resolvedAt },
          });
        } else {
          events.push({ kind: 'incident', event: { ...opened, resolvedAt } });
        }
        if (resolvedAt && a.reopen) {
          events.push({
            kind: 'incident',
            event: {
              externalId,
              ...owner,
              startedAt: iso(now),
              resolvedAt: null,
            },
          });
        }
        break;
      }
      case 'noise': {
        deploymentIds.push(
          deploy({
            environment: a.what === 'staging' ? 'staging' : 'production',
            sha: heads.length ? heads[heads.length - 1] : labelSha('x0'),
            status: 'success',
            duration: 60,
            service:
              a.what === 'other-service'
                ? 'component:default/other'
                : undefined,
          }),
        );
        break;
      }
      default:
        break;
    }
  }

  const from =
    PLAN_T0 + (plan.fromSeconds ?? windowStart(t, plan.from)) * SECOND;
  const deliveries = reorder(events, plan.delivery);
  return {
    deployments: events.flatMap(d =>
      d.kind === 'deployment' ? [d.event] : [],
    ),
    changes: events.flatMap(d => (d.kind === 'change' ? [d.event] : [])),
    incidents: deliveries.flatMap(d =>
      d.kind === 'incident' ? [d.event] : [],
    ),
    from,
    to: from + plan.length * SECOND,
    deliveries,
  };
}

/** The plain value of each optional feature of an action, tried while minimising. */
const PLAIN_FEATURES: Record<string, unknown> = {
  openSnapshot: false,
  commitEvents: false,
  commitsListed: true,
  firstCommitEarlier: null,
  hotfix: 'none',
  fixes: null,
  lateInProgress: null,
  earlierFinal: false,
  namesService: false,
  workflow: 0,
  paths: 0,
  spelling: 0,
  resolveLater: false,
  reopen: false,
  notChangeRelated: false,
  link: 'none',
  pick: 0,
  target: 'latest',
};

/**
 * A smaller plan that still fails, found greedily: delivered in order and
 * once if that still fails, then without each action in turn (its gap goes
 * to the next action, so later times and the window stay put), then with
 * each optional feature of an action turned off. Far quicker than shrinking
 * every field when each try stores a whole history.
 */
export async function minimisePlan(
  plan: Plan,
  fails: (candidate: Plan) => Promise<boolean>,
  deadline: number,
): Promise<Plan> {
  const span = plan.actions.reduce((sum, a) => sum + a.gap, 0);
  let current: Plan = {
    ...plan,
    fromSeconds: plan.fromSeconds ?? windowStart(span, plan.from),
  };
  const tryCandidate = async (candidate: Plan) => {
    if (Date.now() < deadline && (await fails(candidate))) {
      current = candidate;
      return true;
    }
    return false;
  };
  if (current.delivery !== 0) {
    await tryCandidate({ ...current, delivery: 0 });
  }
  let smaller = true;
  while (smaller && Date.now() < deadline) {
    smaller = false;
    for (let i = current.actions.length - 1; i >= 0; i--) {
      const actions = current.actions.filter((_, j) => j !== i);
      if (i < actions.length) {
        actions[i] = {
          ...actions[i],
          gap: actions[i].gap + current.actions[i].gap,
        };
      }
      if (await tryCandidate({ ...current, actions })) smaller = true;
    }
    for (let i = 0; i < current.actions.length; i++) {
      for (const [key, plain] of Object.entries(PLAIN_FEATURES)) {
        const action: Record<string, unknown> = current.actions[i];
        if (key in action && action[key] !== plain) {
          const actions = [...current.actions];
          actions[i] = { ...current.actions[i], [key]: plain };
          if (await tryCandidate({ ...current, actions })) smaller = true;
        }
      }
    }
  }
  return current;
}

/** mulberry32: a tiny seeded generator, so one plan number drives the delivery. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Duplicates about one event in five and shuffles them all; seed 0 keeps the order. */
function reorder(events: Delivery[], seed: number): Delivery[] {
  if (seed === 0) return events;
  const next = random(seed);
  const out = events.flatMap(e => (next() < 0.2 ? [e, e] : [e]));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** One line per delivered event, times in hours after PLAN_T0. */
export function describeHistory(history: BuiltHistory): string {
  const hours = (time: string | undefined) =>
    time === undefined
      ? '-'
      : `${((Date.parse(time) - PLAN_T0) / 3_600_000).toFixed(4)}h`;
  const line = (d: Delivery): string => {
    if (d.kind === 'deployment') {
      const x = d.event;
      return `deployment ${x.externalId} env=${x.environment} sha=${shaLabel(
        x.sha,
      )} ${x.status} started=${hours(x.startedAt)} finished=${hours(
        x.finishedAt,
      )}${x.rollback ? ' rollback' : ''}${x.hotfix ? ' hotfix' : ''}${
        x.ref?.includes('hotfix') ? ` ref=${x.ref}` : ''
      }${x.service ? ` service=${x.service}` : ''}${
        x.workflow ? ` workflow=${x.workflow}` : ''
      }`;
    }
    if (d.kind === 'incident') {
      const x = d.event;
      return `incident ${x.externalId} ${
        x.entityRef ?? `repository=${x.repository}`
      } started=${hours(x.startedAt)} resolved=${hours(
        x.resolvedAt ?? undefined,
      )}${x.deployment ? ` deployment=${x.deployment}` : ''}${
        x.rootCauseSha ? ` rootCause=${shaLabel(x.rootCauseSha)}` : ''
      }${x.notChangeRelated ? ' not-change-related' : ''}`;
    }
    const x = d.event;
    if (x.type === 'commit') {
      return `commit ${shaLabel(x.sha)} authored=${hours(x.authoredAt)}${
        x.pushedAt ? ` pushed=${hours(x.pushedAt)}` : ''
      }${x.pullRequestNumber ? ` pr=${x.pullRequestNumber}` : ''}${
        x.paths ? ` paths=${x.paths.join(',')}` : ''
      }`;
    }
    return `pull_request #${x.number} ${x.mergeMethod ?? 'open'} merged=${hours(
      x.mergedAt,
    )} head=${
      x.mergeCommitSha ? shaLabel(x.mergeCommitSha) : '-'
    } firstCommitAt=${hours(x.firstCommitAt)} commits=[${(x.commits ?? [])
      .map(
        c =>
          `${shaLabel(c.sha)}@${hours(c.authoredAt)}${
            c.paths ? `:${c.paths.join(',')}` : ''
          }`,
      )
      .join(', ')}]${x.paths ? ` paths=${x.paths.join(',')}` : ''}${
      x.labels?.length ? ` labels=${x.labels.join(',')}` : ''
    } headRef=${x.headRef}${
      x.fixesIncident ? ` fixes=${x.fixesIncident}` : ''
    }`;
  };
  return [
    `window: ${((history.from - PLAN_T0) / 3_600_000).toFixed(4)}h .. ${(
      (history.to - PLAN_T0) /
      3_600_000
    ).toFixed(4)}h`,
    ...history.deliveries.map((d, i) => `${i + 1}. ${line(d)}`),
  ].join('\n');
}
