import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ALL_ENVIRONMENTS,
  INCIDENT_STATES,
  deliveryEventsCreatePermission,
  getDoraBenchmark,
} from '@internal/plugin-delivery-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v4';
import { DeliveryStore } from './database/DeliveryStore';
import { toIngestResponse } from './database/ingestResponse';
import {
  DeliveryMetrics,
  MetricsOptions,
  metricsOptions,
  teamFigures,
} from './metrics/DeliveryMetrics';
import { defaultWindowEnd } from './metrics/FiguresCache';
import { DAY_MS, MetricScope } from './metrics/queries';
import { DrillDown, DrillDownOptions } from './metrics/DrillDown';
import { defaultWindowStart } from './metrics/warmOrganisation';
import { DeliveryConfig } from './service/config';
import { EntityResolver, Organisation } from './service/EntityResolver';
import { text } from './service/fields';
import { jsonBody } from './service/requestBody';
import { registerPipelineRoutes } from './pipelines/routes';
import {
  deploymentEventSchema,
  incidentEventSchema,
  pipelineRunEventSchema,
} from './service/schemas';
import {
  pageParams,
  parseQuery,
  queryInt,
  ScopeQuery,
  scopeQuery,
} from './service/query';
import {
  batchItems,
  parseChangeEvent,
  validateItems,
} from './service/validation';

const environmentName = text(255).refine(
  e => e.trim() !== '',
  'must name an environment',
);
/** One environment; the wildcard only where every environment makes sense. */
const oneEnvironment = environmentName.refine(
  e => e !== ALL_ENVIRONMENTS,
  `"${ALL_ENVIRONMENTS}" (every environment) is only accepted by /deployments`,
);

const queryBase = scopeQuery.extend({
  environment: oneEnvironment.optional(),
});
const metricsQuery = queryBase.extend({
  reportYear: queryInt(2000, 2100).optional(),
});
const organisationQuery = metricsQuery.omit({ entityRef: true, group: true });
const pageQuery = queryBase.extend(pageParams);
const deploymentsQuery = pageQuery.extend({
  environment: environmentName.optional(),
});
const queryFlag = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .default('false')
  .transform(v => v === 'true');
const countedDeploymentsQuery = pageQuery.extend({
  /** only the rework deployments: the rows behind the rework rate */
  rework: queryFlag,
  /** only the failed deployments: behind the change failure rate and the recovery time */
  failed: queryFlag,
});
const incidentsQuery = pageQuery.extend({
  state: z.enum(INCIDENT_STATES).default('all'),
});

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  store: DeliveryStore;
  /** shared with the organisation's warming, so that both use one cache */
  metrics: DeliveryMetrics;
  resolver: EntityResolver;
  config: DeliveryConfig;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, store, metrics, resolver, config } = options;
  const drillDown = new DrillDown(store);
  const router = Router();
  router.use(jsonBody(config.maxBatchBytes));

  /** Validates every item; one invalid item rejects the whole batch, nothing is written. */
  function parseBatch<T>(
    body: unknown,
    parseItem: (item: unknown) => z.ZodSafeParseResult<T>,
  ): T[] {
    return validateItems(batchItems(body, config.maxBatchSize), parseItem);
  }

  async function authorizeWrite(req: Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: deliveryEventsCreatePermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError('Not allowed to write delivery events');
    }
  }

  router.post('/events/deployments', async (req, res) => {
    await authorizeWrite(req);
    const items = parseBatch(req.body, i => deploymentEventSchema.safeParse(i));
    res.status(202).json(toIngestResponse(await store.storeDeployments(items)));
  });

  router.post('/events/incidents', async (req, res) => {
    await authorizeWrite(req);
    const items = parseBatch(req.body, i => incidentEventSchema.safeParse(i));
    res.status(202).json(toIngestResponse(await store.storeIncidents(items)));
  });

  router.post('/events/pipeline-runs', async (req, res) => {
    await authorizeWrite(req);
    const items = parseBatch(req.body, i =>
      pipelineRunEventSchema.safeParse(i),
    );
    res
      .status(202)
      .json(toIngestResponse(await store.storePipelineRuns(items)));
  });

  router.post('/events/changes', async (req, res) => {
    await authorizeWrite(req);
    const items = parseBatch(req.body, parseChangeEvent);
    res.status(202).json(toIngestResponse(await store.storeChanges(items)));
  });

  /**
   * Resolves entityRef or group (or, for the organisation, every service)
   * through the catalog with the caller's credentials. Reads only: nothing
   * is written on a GET.
   */
  async function resolveScope(
    req: Request,
    q: ScopeQuery,
    organisation = false,
  ): Promise<{
    scopes: MetricScope[];
    group?: string;
    teams?: Organisation['teams'];
    catalog?: Organisation['catalog'];
    from: number;
    to: number;
  }> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    if (!organisation && Boolean(q.entityRef) === Boolean(q.group)) {
      throw new InputError('Exactly one of entityRef and group is required');
    }
    const to = q.to ? Date.parse(q.to) : defaultWindowEnd(Date.now());
    const from = q.from ? Date.parse(q.from) : defaultWindowStart(config, to);
    if (from >= to) throw new InputError('from must be before to');
    if (to - from > 400 * DAY_MS) {
      throw new InputError('from and to may span at most 400 days');
    }
    if (organisation) {
      return { ...(await resolver.organisation(credentials)), from, to };
    }
    if (q.entityRef) {
      const scope = await resolver.entityScope(q.entityRef, credentials);
      return { scopes: [scope], from, to };
    }
    const { group, scopes } = await resolver.groupScopes(q.group!, credentials);
    return { scopes, group, from, to };
  }

  const metricsRoute = (
    path: string,
    compute: (
      o: MetricsOptions,
      teams: Organisation['teams'],
    ) => Promise<object>,
    organisation = false,
  ) =>
    router.get(path, async (req, res) => {
      const q = parseQuery(
        organisation ? organisationQuery : metricsQuery,
        req,
      );
      const benchmark = getDoraBenchmark(q.reportYear);
      if (!benchmark)
        throw new InputError(
          `reportYear: no DORA benchmark for ${q.reportYear}`,
        );
      const { scopes, group, teams, catalog, from, to } = await resolveScope(
        req,
        q,
        organisation,
      );
      const result = await compute(
        metricsOptions(config, {
          scopes,
          environment: q.environment,
          from,
          to,
          benchmark,
        }),
        teams ?? [],
      );
      res.json({ ...result, group, catalog });
    });
  metricsRoute('/metrics', o => metrics.metrics(o));
  metricsRoute('/metrics/series', o => metrics.series(o));
  // every catalog service the caller may read, each with its own figures and levels
  metricsRoute(
    '/metrics/services',
    async (o, teams) => {
      const result = await metrics.metrics(o);
      return { ...result, teams: teamFigures(o, result, teams) };
    },
    true,
  );

  /** A page of rows; `schema` may add parameters, which `fetch` receives parsed. */
  const drill = <Q extends z.infer<typeof pageQuery>>(
    path: string,
    schema: z.ZodType<Q, unknown>,
    fetch: (o: DrillDownOptions, q: Q) => Promise<unknown>,
  ) =>
    router.get(path, async (req, res) => {
      const q = parseQuery(schema, req);
      const { scopes, from, to } = await resolveScope(req, q);
      const allEnvironments = q.environment === ALL_ENVIRONMENTS;
      res.json(
        await fetch(
          {
            scopes,
            environment: allEnvironments ? undefined : q.environment,
            allEnvironments,
            from,
            to,
            attributionWindowMs: config.attributionWindowMs,
            limit: q.limit,
            offset: q.offset,
          },
          q,
        ),
      );
    });
  drill('/deployments', deploymentsQuery, o => drillDown.deployments(o));
  // the deployments the figures count: behind deployment frequency, and
  // (rework=true) behind the rework rate, (failed=true) behind the change
  // failure rate and the recovery time
  drill('/deployments/counted', countedDeploymentsQuery, (o, q) =>
    drillDown.countedDeployments({
      ...o,
      reworkOnly: q.rework,
      failedOnly: q.failed,
    }),
  );
  drill('/changes', pageQuery, o => drillDown.changes(o));
  drill('/incidents', incidentsQuery, (o, q) =>
    drillDown.incidents({ ...o, incidentState: q.state }),
  );
  registerPipelineRoutes(router, { store, resolveScope });

  return router;
}
