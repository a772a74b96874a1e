import { WarningPanel } from '@backstage/core-components';
import { SyncStatusResponse } from '@internal/plugin-delivery-common';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useSyncStatus } from '../hooks';
import { Timestamp } from './Timestamp';
import { formatDateTimeWithZone } from './format';

type EntitySync = SyncStatusResponse['entities'][number];

/** Below this share of GitHub's request budget, the sync may defer repositories. */
const LOW_BUDGET = 0.1;

const resourceNames: Record<string, string> = {
  deployments: 'deployments',
  workflowRuns: 'workflow runs',
  pullRequests: 'pull requests',
  incidents: 'incident issues',
};

const resourceName = (resource: string) => resourceNames[resource] ?? resource;

function backfillText(sync: EntitySync): string | undefined {
  const importing = sync.resources.filter(r => !r.backfill.complete);
  if (!importing.length) return undefined;
  const done = sync.resources.reduce((n, r) => n + r.backfill.pagesDone, 0);
  const totals = sync.resources.map(r =>
    r.backfill.complete ? r.backfill.pagesDone : r.backfill.pagesTotal,
  );
  if (totals.some(t => t === null)) {
    return `Importing history from GitHub: ${done} ${
      done === 1 ? 'page' : 'pages'
    } so far`;
  }
  const total = totals.reduce<number>((n, t) => n + (t ?? 0), 0);
  return `Importing history from GitHub: ${done} of ${total} pages`;
}

/** The time of the least recently synced resource: every figure includes data up to it. */
function oldestSync(sync: EntitySync): string | null {
  const times = sync.resources.map(r => r.lastSyncedAt);
  if (times.some(t => t === null)) return null;
  return (times as string[]).sort()[0];
}

function budgetText(rateLimit: EntitySync['rateLimit']): string | undefined {
  if (!rateLimit) return undefined;
  const reset = rateLimit.resetAt
    ? `, until ${formatDateTimeWithZone(rateLimit.resetAt)}`
    : '';
  return `GitHub requests left: ${rateLimit.remaining} of ${rateLimit.limit}${reset}`;
}

/**
 * One line on where the entity's data comes from: the GitHub sync's progress
 * or its last sync, and a warning when it failed (the figures then stop at
 * the last good sync) or GitHub's request budget runs low.
 */
export function SyncStatusLine(props: { entityRef: string }) {
  const { value, error } = useSyncStatus(props.entityRef);
  if (error) {
    return (
      <Typography variant="body2" color="textSecondary">
        The GitHub sync status could not be read: {error.message}
      </Typography>
    );
  }
  if (!value) return null;
  if (!value.enabled) {
    return (
      <Typography variant="body2" color="textSecondary">
        GitHub sync is off: the figures come from GitHub webhooks and the events
        API only.
      </Typography>
    );
  }
  const sync = value.entities.find(e => e.entityRef === props.entityRef);
  if (!sync) return null;
  const failed = sync.resources.filter(r => r.lastError);
  const oldest = oldestSync(sync);
  const budget = budgetText(sync.rateLimit);
  const lowBudget =
    sync.rateLimit !== null &&
    sync.rateLimit.remaining < sync.rateLimit.limit * LOW_BUDGET;
  const line = backfillText(sync) ?? (
    <>
      Synced from GitHub <Timestamp iso={oldest} />
    </>
  );
  return (
    <>
      <Tooltip title={budget ?? ''}>
        <Typography variant="body2" color="textSecondary">
          {line}
        </Typography>
      </Tooltip>
      {failed.length > 0 && (
        <WarningPanel
          severity="warning"
          title={`The GitHub sync of ${failed
            .map(r => resourceName(r.resource))
            .join(', ')} failed`}
          message={
            oldest
              ? `The data is older than the last sync: it includes what GitHub had at ${formatDateTimeWithZone(
                  oldest,
                )}.`
              : 'No sync has finished yet: the data may be incomplete.'
          }
        >
          <ul>
            {failed.map(r => (
              <li key={r.resource}>
                {resourceName(r.resource)}: {r.lastError!.message}
                {r.lastError!.at &&
                  ` (${formatDateTimeWithZone(r.lastError!.at)})`}
              </li>
            ))}
          </ul>
        </WarningPanel>
      )}
      {lowBudget && (
        <Typography variant="body2" color="textSecondary" role="note">
          {budget}: the sync may defer repositories until then.
        </Typography>
      )}
    </>
  );
}
