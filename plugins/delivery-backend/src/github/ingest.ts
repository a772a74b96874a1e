import { z } from 'zod';
import { DeliveryStore, IngestResult } from '../database/DeliveryStore';
import {
  deploymentEventSchema,
  incidentEventSchema,
  pipelineRunEventSchema,
} from '../service/schemas';
import { parseChangeEvent } from '../service/validation';
import { NormalisedDelivery } from './normalise';

/** The kinds of delivery events GitHub data turns into. */
export type DeliveryKind = Exclude<NormalisedDelivery, { kind: 'ignored' }>;

/** Each kind's events-API validation: GitHub data is checked exactly as a pushed event. */
const parsers: Record<
  DeliveryKind['kind'],
  (item: unknown) => z.SafeParseReturnType<unknown, any>
> = {
  deployments: i => deploymentEventSchema.safeParse(i),
  changes: parseChangeEvent,
  pipelineRuns: i => pipelineRunEventSchema.safeParse(i),
  incidents: i => incidentEventSchema.safeParse(i),
};

export function parserOf(kind: DeliveryKind['kind']) {
  return parsers[kind];
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
