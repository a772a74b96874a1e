import { DeploymentEvent } from '../service/schemas';
import { toMillis } from './upsertByKey';

export type DeploymentStatus = DeploymentEvent['status'];

/**
 * One status a deployment reported, at its event time: the finish time of a
 * final status, otherwise the event's finish or start time. A non-final status
 * that carries no time at all has `at: null` and counts as earlier than every
 * timed status: it gives the deployment its outcome only while no timed status
 * is known. The server's clock never stands in for a missing time.
 */
export interface StatusEntry {
  status: DeploymentStatus;
  at: number | null;
}

const FINAL: ReadonlySet<DeploymentStatus> = new Set([
  'success',
  'failure',
  'cancelled',
]);

/** Breaks ties between statuses of the same time, weakest first. */
const TIE_ORDER: DeploymentStatus[] = [
  'queued',
  'in_progress',
  'cancelled',
  'failure',
  'success',
];

export const isFinal = (status: string) =>
  FINAL.has(status as DeploymentStatus);

export function statusEntryOf(event: DeploymentEvent): StatusEntry {
  return {
    status: event.status,
    at: toMillis(event.finishedAt) ?? toMillis(event.startedAt) ?? null,
  };
}

/** Untimed before timed, then by time, then by `TIE_ORDER`. */
function compareEntries(a: StatusEntry, b: StatusEntry): number {
  if (a.at !== b.at) {
    if (a.at === null) return -1;
    if (b.at === null) return 1;
    return a.at - b.at;
  }
  return TIE_ORDER.indexOf(a.status) - TIE_ORDER.indexOf(b.status);
}

const sameEntry = (a: StatusEntry, b: StatusEntry) =>
  a.status === b.status && a.at === b.at;

/** The history with `entry` added once, in time order. */
export function addEntry(
  history: StatusEntry[],
  entry: StatusEntry,
): StatusEntry[] {
  const next = history.some(h => sameEntry(h, entry))
    ? [...history]
    : [...history, entry];
  return next.sort(compareEntries);
}

/**
 * The deployment's outcome: the latest final status when there is one (a
 * final status is never demoted by a non-final one, whatever their times),
 * otherwise the latest status.
 */
export function outcomeOf(history: StatusEntry[]): StatusEntry {
  const finals = history.filter(h => isFinal(h.status));
  const candidates = finals.length ? finals : history;
  return candidates.reduce((latest, h) =>
    compareEntries(h, latest) > 0 ? h : latest,
  );
}

/** Whether the history's outcome is `entry`, and if not, why the entry lost. */
export function supersededReason(
  history: StatusEntry[],
  entry: StatusEntry,
): string | undefined {
  const outcome = outcomeOf(history);
  if (sameEntry(outcome, entry)) return undefined;
  return isFinal(outcome.status) && !isFinal(entry.status)
    ? 'a final status is never replaced by a non-final one'
    : 'older than the stored status';
}

export function parseHistory(json: unknown): StatusEntry[] {
  if (typeof json !== 'string' || !json) return [];
  return (JSON.parse(json) as StatusEntry[]).map(h => ({
    status: h.status,
    at: h.at === null || h.at === undefined ? null : Number(h.at),
  }));
}
