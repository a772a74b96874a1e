import {
  DeploymentRow,
  HealthChangesBefore,
  HealthDelivery,
} from '@internal/plugin-delivery-common';
import { DeliveryStore } from '../database/DeliveryStore';
import { DrillDown, DrillDownOptions } from '../metrics/DrillDown';
import { MetricScope } from '../metrics/queries';
import { PipelineRuns } from '../pipelines/PipelineRuns';

const DAY_MS = 86_400_000;
/** how far back the newest deployment of each environment is looked for */
const DEPLOYMENT_LOOKBACK_MS = 90 * DAY_MS;
/** how far back the newest incident is looked for */
const INCIDENT_LOOKBACK_MS = 365 * DAY_MS;
const PIPELINE_WINDOW_MS = 7 * DAY_MS;
const MAX_OPEN_INCIDENTS = 20;
const MAX_ROWS_BEFORE_TROUBLE = 10;

/** The delivery rows the health page shows, read through the drill-down and pipeline-run reads. */
export class DeliveryHealthReader {
  private readonly drillDown: DrillDown;
  private readonly runs: PipelineRuns;

  constructor(
    store: DeliveryStore,
    private readonly attributionWindowMs: number,
  ) {
    this.drillDown = new DrillDown(store);
    this.runs = new PipelineRuns(store);
  }

  private options(
    scope: MetricScope,
    from: number,
    to: number,
    limit: number,
  ): DrillDownOptions {
    return {
      scopes: [scope],
      from,
      to,
      attributionWindowMs: this.attributionWindowMs,
      limit,
      offset: 0,
    };
  }

  async read(scope: MetricScope, now: number): Promise<HealthDelivery> {
    const to = now + 1;
    const [recent, production, summary, open, newest] = await Promise.all([
      this.drillDown.deployments({
        ...this.options(scope, now - DEPLOYMENT_LOOKBACK_MS, to, 500),
        allEnvironments: true,
      }),
      // production's newest even when other environments deployed 500 times since
      this.drillDown.deployments(this.options(scope, 0, to, 1)),
      this.runs.summary({
        scopes: [scope],
        from: now - PIPELINE_WINDOW_MS,
        to,
      }),
      this.drillDown.incidents({
        ...this.options(scope, 0, to, MAX_OPEN_INCIDENTS),
        incidentState: 'open',
      }),
      this.drillDown.incidents(
        this.options(scope, now - INCIDENT_LOOKBACK_MS, to, 1),
      ),
    ]);
    const decided = summary.reduce((n, w) => n + w.decided, 0);
    const succeeded = summary.reduce((n, w) => n + w.succeeded, 0);
    const lastIncidentAt = [open.items[0], newest.items[0]]
      .map(i => i?.startedAt)
      .filter((s): s is string => Boolean(s))
      .sort()
      .pop();
    return {
      latestDeployments: latestPerEnvironment([
        ...production.items,
        ...recent.items,
      ]),
      pipelines: {
        from: new Date(now - PIPELINE_WINDOW_MS).toISOString(),
        to: new Date(now).toISOString(),
        decided,
        succeeded,
        successRate: decided ? succeeded / decided : null,
      },
      openIncidents: open.items,
      lastIncidentAt: lastIncidentAt ?? null,
    };
  }

  /** Deployments (any environment) and changes shipped to production in the window before `startedAt`. */
  async changesBefore(
    scope: MetricScope,
    trouble: HealthChangesBefore['trouble'],
    windowMs: number,
  ): Promise<HealthChangesBefore> {
    const start = Date.parse(trouble.startedAt);
    const o = this.options(
      scope,
      start - windowMs,
      start + 1,
      MAX_ROWS_BEFORE_TROUBLE,
    );
    const [deployments, changes] = await Promise.all([
      this.drillDown.deployments({ ...o, allEnvironments: true }),
      this.drillDown.changes(o),
    ]);
    return {
      trouble,
      from: new Date(start - windowMs).toISOString(),
      deployments,
      changes,
    };
  }
}

const deployedAt = (d: DeploymentRow) => d.finishedAt ?? d.startedAt ?? '';

function latestPerEnvironment(rows: DeploymentRow[]): DeploymentRow[] {
  const latest = new Map<string, DeploymentRow>();
  for (const row of rows) {
    const env = row.environment.toLowerCase();
    const seen = latest.get(env);
    if (!seen || deployedAt(row) > deployedAt(seen)) latest.set(env, row);
  }
  return [...latest.values()].sort((a, b) =>
    deployedAt(b).localeCompare(deployedAt(a)),
  );
}
