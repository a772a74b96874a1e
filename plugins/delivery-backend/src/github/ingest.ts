import { LoggerService } from '@backstage/backend-plugin-api';
import { z } from 'zod/v4';
import { DeliveryStore, IngestResult } from '../database/DeliveryStore';
import {
  deploymentEventSchema,
  incidentEventSchema,
  pipelineRunEventSchema,
} from '../service/schemas';
import { formatZod, parseChangeEvent } from '../service/validation';
import { DeploymentWorkflowRule, deploymentOfRun } from './deploymentWorkflows';
import { NormalisedDelivery, normalise } from './normalise';

/** The kinds of delivery events GitHub data turns into. */
export type DeliveryKind = Exclude<NormalisedDelivery, { kind: 'ignored' }>;

/** Each kind's events-API validation: GitHub data is checked exactly as a pushed event. */
const parsers: Record<
  DeliveryKind['kind'],
  (item: unknown) => z.ZodSafeParseResult<any>
> = {
  deployments: i => deploymentEventSchema.safeParse(i),
  changes: parseChangeEvent,
  pipelineRuns: i => pipelineRunEventSchema.safeParse(i),
  incidents: i => incidentEventSchema.safeParse(i),
};

export function parserOf(kind: DeliveryKind['kind']) {
  return parsers[kind];
}

/** What an entity's repository asks of the mapping: the same for webhooks and the sync. */
export interface DeliveryRules {
  /** Issues carrying this label are incidents. */
  incidentLabel: string;
  /** Workflow runs that are deployments: the entities' own rules, then the global ones. */
  deploymentWorkflows: DeploymentWorkflowRule[];
}

/**
 * What one webhook-shaped GitHub payload becomes: `normalise`'s delivery
 * and, for a workflow run whose workflow a deployment-workflow rule names,
 * the deployment it is. A payload the mapping cannot read throws an
 * `InputError` naming its fields.
 */
export function deliveriesOf(
  event: string,
  payload: unknown,
  rules: DeliveryRules,
): DeliveryKind[] | { kind: 'ignored'; reason: string } {
  const normalised = normalise(event, payload, rules);
  if (normalised.kind === 'ignored') return normalised;
  const deliveries: DeliveryKind[] = [normalised];
  if (event === 'workflow_run') {
    // normalise has checked the fields the rules read
    const { repository, workflow, workflow_run: run } = payload as any;
    const deployment = deploymentOfRun(
      String(repository.full_name).toLowerCase(),
      // named as its pipeline run is
      { ...run, name: run.name || workflow?.name },
      rules.deploymentWorkflows,
    );
    if (deployment)
      deliveries.push({ kind: 'deployments', events: [deployment] });
  }
  return deliveries;
}

/**
 * Stores validated events through the store method the events API uses for
 * their kind, so that webhooks, the sync and pushed events follow the same
 * update rules whichever arrives first.
 */
export function storeEvents(
  store: DeliveryStore,
  kind: DeliveryKind['kind'],
  events: unknown[],
): Promise<IngestResult[]> {
  switch (kind) {
    case 'deployments':
      return store.storeDeployments(events as any);
    case 'changes':
      return store.storeChanges(events as any);
    case 'pipelineRuns':
      return store.storePipelineRuns(events as any);
    default:
      return store.storeIncidents(events as any);
  }
}

/** Kinds in the order they are stored: changes before what refers to their shas. */
const KIND_ORDER: DeliveryKind['kind'][] = [
  'changes',
  'pipelineRuns',
  'deployments',
  'incidents',
];

/**
 * Stores deliveries through the events API's validation and store methods,
 * each kind in one batch. An item the events API would refuse is skipped
 * with a log line naming it and its fields (`origin` says where it came
 * from), so that one odd item stops neither a repository's sync nor the
 * rest of a webhook delivery. Returns every stored item's result, by kind.
 */
export async function storeDeliveries(
  store: DeliveryStore,
  logger: LoggerService,
  origin: string,
  deliveries: DeliveryKind[],
): Promise<Array<{ kind: DeliveryKind['kind']; results: IngestResult[] }>> {
  const stored = [];
  for (const kind of KIND_ORDER) {
    const valid: unknown[] = [];
    const events = deliveries
      .filter(d => d.kind === kind)
      .flatMap((d): unknown[] => d.events);
    for (const event of events) {
      const parsed = parserOf(kind)(event);
      if (parsed.success) valid.push(parsed.data);
      else
        logger.warn(
          `${origin} skipped one of its ${kind}: ${formatZod(parsed.error).join(
            '; ',
          )}`,
        );
    }
    if (valid.length) {
      stored.push({ kind, results: await storeEvents(store, kind, valid) });
    }
  }
  return stored;
}
