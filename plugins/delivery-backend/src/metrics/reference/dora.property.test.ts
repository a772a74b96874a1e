import fc from 'fast-check';
import {
  DeliveryMetricsResponse,
  getDoraBenchmark,
} from '@internal/plugin-delivery-common';
import {
  createTestDatabases,
  createTestStore,
} from '../../__testUtils__/databases';
import { DeliveryStore } from '../../database/DeliveryStore';
import {
  changeEventSchema,
  deploymentEventSchema,
  incidentEventSchema,
} from '../../service/schemas';
import { DeliveryMetrics } from '../DeliveryMetrics';
import { MetricScope } from '../queries';
import {
  BuiltHistory,
  Delivery,
  PRODUCTION_ENVIRONMENTS,
  Plan,
  RunNames,
  SCOPE_PATHS,
  SCOPE_WORKFLOWS,
  ScopeVariant,
  TIMEZONES,
  buildHistory,
  describeHistory,
  minimisePlan,
  planArbitrary,
  scopeVariantArbitrary,
} from './__testUtils__/randomHistory';
import {
  ReferenceDurations,
  ReferenceFigures,
  referenceDora,
  referenceGroup,
} from './referenceDora';

/**
 * The SQL metrics equal the reference implementation's (durations within a
 * few milliseconds) on random histories (three production streams, every
 * merge kind, rollbacks, hotfixes, incidents linked or not, changed paths and
 * deployment workflows, events duplicated and shuffled) stored through the
 * store's public methods on SQLite and PostgreSQL, for a service with or
 * without a monorepo path or workflows, deploy days in its own or the
 * organisation's time zone, and for groups of such services (medians of
 * their figures), two of which may share a repository. One database per
 * engine; every run stores under a repository and entity of its own.
 *
 * More runs: FC_NUM_RUNS=1000 (groups run a fifth as many). A failure prints
 * fast-check's seed and path with a replay command (FC_SEED=<seed>
 * FC_PATH=<path>), and a failing single service's history minimised, as the
 * list of events delivered.
 */

const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 50);
const GROUP_RUNS = Math.ceil(NUM_RUNS / 5);
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const PATH = process.env.FC_PATH;
/** How long a failure is minimised before it is reported. */
const MINIMISE_MS = 3 * 60_000;
const ATTRIBUTION_WINDOW_MS = 24 * 3_600_000;
/**
 * Events are stored 20 deliveries at a time, one call per kind, each kind in
 * its delivery order (the kinds live in separate tables).
 */
const CHUNK = 20;

jest.setTimeout(15 * 60_000);

async function deliver(store: DeliveryStore, deliveries: Delivery[]) {
  for (let i = 0; i < deliveries.length; i += CHUNK) {
    const chunk = deliveries.slice(i, i + CHUNK);
    const events = <K extends Delivery['kind']>(kind: K) =>
      chunk
        .filter((d): d is Extract<Delivery, { kind: K }> => d.kind === kind)
        .map(d => d.event);
    const deployments = events('deployment');
    const changes = events('change');
    const incidents = events('incident');
    if (deployments.length) {
      await store.storeDeployments(
        deployments.map(e => deploymentEventSchema.parse(e)),
      );
    }
    if (changes.length) {
      await store.storeChanges(changes.map(e => changeEventSchema.parse(e)));
    }
    if (incidents.length) {
      await store.storeIncidents(
        incidents.map(e => incidentEventSchema.parse(e)),
      );
    }
  }
}

function figuresOf(m: DeliveryMetricsResponse): ReferenceFigures {
  const durations = (f: DeliveryMetricsResponse['changeLeadTime']) => ({
    median: f.median,
    p90: f.p90,
    n: f.sampleSize,
  });
  return {
    deploymentFrequency: {
      count: m.deploymentFrequency.count,
      medianDeployDaysPerWeek: m.deploymentFrequency.medianDeployDaysPerWeek,
    },
    changeLeadTime: durations(m.changeLeadTime),
    changeFailureRate: {
      numerator: m.changeFailureRate.numerator,
      denominator: m.changeFailureRate.sampleSize,
    },
    failedDeploymentRecoveryTime: durations(m.failedDeploymentRecoveryTime),
    deploymentReworkRate: {
      numerator: m.deploymentReworkRate.numerator,
      denominator: m.deploymentReworkRate.sampleSize,
    },
    timeToRestoreService: durations(m.timeToRestoreService),
  };
}

/**
 * The reference figures with every duration matched within 5 ms: medians and
 * percentiles of millisecond times are rounded to the millisecond, and the
 * engines' floating point may land that rounding one millisecond apart.
 */
function toTheMillisecond(f: ReferenceFigures) {
  const durations = (d: ReferenceDurations) => ({
    n: d.n,
    median: d.median === null ? null : expect.closeTo(d.median, 2),
    p90: d.p90 === null ? null : expect.closeTo(d.p90, 2),
  });
  return {
    ...f,
    changeLeadTime: durations(f.changeLeadTime),
    failedDeploymentRecoveryTime: durations(f.failedDeploymentRecoveryTime),
    timeToRestoreService: durations(f.timeToRestoreService),
  };
}

const scopeOf = (names: RunNames, variant: ScopeVariant): MetricScope => ({
  entityRef: names.entityRef,
  repository: names.repository,
  path: SCOPE_PATHS[variant.path],
  workflows: SCOPE_WORKFLOWS[variant.workflows],
  productionEnvironments: PRODUCTION_ENVIRONMENTS,
  timezone: TIMEZONES[variant.timezone],
});

const metricsOf = (
  metrics: DeliveryMetrics,
  o: {
    scopes: MetricScope[];
    from: number;
    to: number;
    minimumSampleSize: number;
    timezone?: string;
  },
) =>
  metrics.metrics({
    ...o,
    benchmark: getDoraBenchmark()!,
    attributionWindowMs: ATTRIBUTION_WINDOW_MS,
  });

describe('DORA metrics in SQL equal the reference implementation', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())('on random histories, %p', async id => {
    const store = await createTestStore(databases, id);
    const metrics = new DeliveryMetrics(store);
    let run = 0;
    // every run, shrinking included, stores under names of its own
    const namesOf = (): RunNames => {
      run += 1;
      return {
        repository: `prop/run-${run}`,
        entityRef: `component:default/run-${run}`,
        prefix: `run-${run}`,
      };
    };
    const check = async (plan: Plan, names: RunNames) => {
      const history: BuiltHistory = buildHistory(plan, names);
      await deliver(store, history.deliveries);
      const options = {
        scope: scopeOf(names, plan.scope),
        from: history.from,
        to: history.to,
        attributionWindowMs: ATTRIBUTION_WINDOW_MS,
        timezone: TIMEZONES[plan.scope.orgTimezone],
      };
      const sqlFigures = figuresOf(
        await metricsOf(metrics, {
          scopes: [options.scope],
          from: options.from,
          to: options.to,
          minimumSampleSize: 1,
          timezone: options.timezone,
        }),
      );
      expect(sqlFigures).toEqual(
        toTheMillisecond(referenceDora(history, options)),
      );
    };

    const fails = async (plan: Plan) => {
      try {
        await check(plan, namesOf());
        return undefined;
      } catch (e) {
        return e as Error;
      }
    };

    // fast-check stops at the first failure and minimisePlan shrinks it:
    // much quicker than shrinking field by field when each try stores a
    // whole history.
    const details = await fc.check(
      fc.asyncProperty(planArbitrary, plan => check(plan, namesOf())),
      {
        numRuns: NUM_RUNS,
        seed: SEED,
        path: PATH,
        endOnFailure: true,
        verbose: fc.VerbosityLevel.Verbose,
      },
    );
    if (details.failed && details.counterexample) {
      const smallest = await minimisePlan(
        details.counterexample[0],
        async plan => (await fails(plan)) !== undefined,
        Date.now() + MINIMISE_MS,
      );
      const error = await fails(smallest);
      const names = {
        repository: 'prop/run',
        entityRef: 'component:default/run',
        prefix: 'run',
      };
      throw new Error(
        `${fc.defaultReportMessage(details)}\n\n` +
          `Replay: FC_SEED=${details.seed} FC_PATH=${details.counterexamplePath} ` +
          `yarn backstage-cli package test src/metrics/reference/dora.property.test.ts\n\n` +
          `Minimised counterexample ${JSON.stringify(smallest)}\n` +
          `as delivered events:\n${describeHistory(
            buildHistory(smallest, names),
          )}\n\n` +
          `${error ?? 'passes once minimised'}`,
      );
    }
    expect(details.failed).toBe(false);
    await store.db.destroy();
  });

  it.each(databases.eachSupportedId())(
    'for groups of random services, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const metrics = new DeliveryMetrics(store);
      let run = 0;
      const group = fc.record({
        plans: fc.array(planArbitrary, { minLength: 2, maxLength: 3 }),
        /** a second entity of the first service's repository */
        sibling: fc.option(scopeVariantArbitrary),
        minimumSampleSize: fc.integer({ min: 1, max: 3 }),
      });
      const details = await fc.check(
        fc.asyncProperty(
          group,
          async ({ plans, sibling, minimumSampleSize }) => {
            const services = [];
            for (const plan of plans) {
              run += 1;
              const names = {
                repository: `group/run-${run}`,
                entityRef: `component:default/group-run-${run}`,
                prefix: `group-run-${run}`,
              };
              const history = buildHistory(plan, names);
              await deliver(store, history.deliveries);
              services.push({ history, scope: scopeOf(names, plan.scope) });
            }
            if (sibling) {
              services.push({
                history: services[0].history,
                scope: {
                  ...scopeOf(
                    {
                      ...services[0].scope,
                      prefix: '',
                      entityRef: `${services[0].scope.entityRef}-sibling`,
                    },
                    sibling,
                  ),
                },
              });
            }
            // the window of the first plan; the others' events fall around it
            const options = {
              from: services[0].history.from,
              to: services[0].history.to,
              attributionWindowMs: ATTRIBUTION_WINDOW_MS,
              timezone: TIMEZONES[plans[0].scope.orgTimezone],
              minimumSampleSize,
            };
            const sqlFigures = figuresOf(
              await metricsOf(metrics, {
                ...options,
                scopes: services.map(s => s.scope),
              }),
            );
            expect(sqlFigures).toEqual(
              toTheMillisecond(referenceGroup(services, options)),
            );
          },
        ),
        {
          numRuns: GROUP_RUNS,
          seed: SEED,
          path: PATH,
          endOnFailure: true,
        },
      );
      if (details.failed) {
        throw new Error(
          `${fc.defaultReportMessage(details)}\n\n` +
            `Replay: FC_SEED=${details.seed} FC_PATH=${details.counterexamplePath} ` +
            `yarn backstage-cli package test src/metrics/reference/dora.property.test.ts -t groups`,
        );
      }
      await store.db.destroy();
    },
  );
});
