import { DeploymentEvent, IncidentEvent } from '../service/schemas';
import { HeadTimes } from './deploymentHeads';
import {
  addEntry,
  outcomeOf,
  isFinal,
  parseHistory,
  statusEntryOf,
  supersededReason,
} from './deploymentStatus';
import {
  KeyedTable,
  carry,
  columnsOf,
  toMillis,
  toNumber,
} from './upsertByKey';

/*
 * How each event updates its row. An event sets only the fields it carries;
 * the fields an event leaves out keep their stored values. When an event's
 * status loses to the stored one (older, or a non-final status after a final
 * one), the event only fills the fields that are still empty and raises flags
 * (a stale event never clears one), so that the result does not depend on
 * which of the two arrived first.
 */

const toFlag = (value: boolean | undefined) =>
  value === undefined ? undefined : Number(value);

/** A flag an event carries: set by a winning event, only raised by a stale one. */
const flagOf = (
  stored: unknown,
  value: boolean | undefined,
  stale: boolean,
): number => {
  if (value === undefined || (stale && !value)) return Number(stored ?? 0);
  return Number(value);
};

const earliest = (...values: Array<number | null | undefined>) => {
  const known = values.filter(
    (v): v is number => v !== null && v !== undefined,
  );
  return known.length ? Math.min(...known) : null;
};

const HOTFIX_REF = /^(refs\/heads\/)?hotfix[/-]/;

/**
 * Deployments, with the head time of the sha each row ends up with: looked
 * up for the events' shas, and kept as stored when a stale event leaves the
 * stored sha in place.
 */
export const deploymentsTable = (
  heads: HeadTimes,
): KeyedTable<DeploymentEvent> => ({
  table: 'delivery_deployments',
  keyColumns: ['source', 'external_id'],
  keyOf: e => [e.source, e.externalId],
  logColumns: ['status_history'],
  apply(previous, e) {
    const entry = statusEntryOf(e);
    const history = addEntry(parseHistory(previous?.status_history), entry);
    const outcome = outcomeOf(history);
    const superseded = supersededReason(history, entry);
    const row = carry(
      columnsOf(previous, {
        source: e.source,
        external_id: e.externalId,
        repository: null,
        service: null,
        environment: null,
        sha: null,
        ref: null,
        workflow: null,
        url: null,
      }),
      {
        repository: e.repository,
        service: e.service,
        environment: e.environment,
        sha: e.sha,
        ref: e.ref,
        workflow: e.workflow,
        url: e.url,
      },
      superseded ? 'fill empty' : 'overwrite',
    );
    const stale = superseded !== undefined;
    const headAt = heads.of(String(row.repository), String(row.sha));
    return {
      superseded,
      row: {
        ...row,
        is_rollback: flagOf(previous?.is_rollback, e.rollback, stale),
        // a hotfix branch marks the deployment whatever the flag says
        is_hotfix: flagOf(
          previous?.is_hotfix,
          HOTFIX_REF.test(e.ref ?? '') || e.hotfix,
          stale,
        ),
        status: outcome.status,
        status_history: JSON.stringify(history),
        started_at: earliest(
          toNumber(previous?.started_at),
          toMillis(e.startedAt),
        ),
        finished_at: isFinal(outcome.status) ? outcome.at : null,
        head_at: headAt === undefined ? previous?.head_at ?? null : headAt,
      },
    };
  },
});

export const incidentsTable: KeyedTable<IncidentEvent> = {
  table: 'delivery_incidents',
  keyColumns: ['source', 'external_id'],
  keyOf: e => [e.source, e.externalId],
  apply: (previous, e) => ({
    row: carry(
      columnsOf(previous, {
        source: e.source,
        external_id: e.externalId,
        entity_ref: null,
        repository: null,
        title: null,
        severity: null,
        started_at: null,
        resolved_at: null,
        deployment_external_id: null,
        root_cause_sha: null,
        not_change_related: 0,
        url: null,
      }),
      {
        entity_ref: e.entityRef,
        repository: e.repository,
        title: e.title,
        severity: e.severity,
        started_at: toMillis(e.startedAt),
        resolved_at: toMillis(e.resolvedAt),
        deployment_external_id: e.deployment,
        root_cause_sha: e.rootCauseSha,
        not_change_related: toFlag(e.notChangeRelated),
        url: e.url,
      },
      'overwrite',
    ),
  }),
};
