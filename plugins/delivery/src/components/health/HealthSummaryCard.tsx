import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  InfoCardVariants,
  Progress,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { ServiceHealthResponse } from '@internal/plugin-delivery-common';
import Typography from '@material-ui/core/Typography';
import { RetryableErrorPanel } from '../RetryableErrorPanel';
import { formatPercent, plural } from '../format';
import { StatusSummary } from './StatusSummary';
import { useServiceHealth } from './useServiceHealth';

/** Reasons the summary card lists before "and N more". */
const REASONS_SHOWN = 3;

function WhatChanged(props: { health: ServiceHealthResponse }) {
  const [first] = props.health.changesBefore;
  if (!first) return null;
  const { deployments, changes, trouble } = first;
  return (
    <Typography variant="body2">
      <strong>What changed:</strong>{' '}
      {plural(deployments.totalCount, 'deployment')} and{' '}
      {plural(changes.totalCount, 'change')} in the{' '}
      {plural(props.health.changeWindowHours, 'hour')} before{' '}
      {trouble.kind === 'alert' ? 'alert' : 'incident'} {trouble.title}.
    </Typography>
  );
}

function WhoCanAct(props: { health: ServiceHealthResponse }) {
  const { onCall, chatChannel } = props.health.contacts;
  const who = [
    onCall && `on call ${onCall}`,
    chatChannel && `channel ${chatChannel}`,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <Typography variant="body2">
      <strong>Who can act:</strong> {who || 'no on-call or channel annotated'}
    </Typography>
  );
}

function Budget(props: { health: ServiceHealthResponse }) {
  const { slos } = props.health;
  if (slos.state !== 'ok' || !slos.data.items.length) return null;
  const lowest = slos.data.items
    .filter(s => s.errorBudgetRemaining !== null)
    .sort((a, b) => a.errorBudgetRemaining! - b.errorBudgetRemaining!)[0];
  if (!lowest) return null;
  return (
    <Typography variant="body2">
      <strong>Error budget:</strong>{' '}
      {formatPercent(lowest.errorBudgetRemaining)} left of SLO {lowest.slo}
      {slos.data.items.length > 1 ? ' (the lowest)' : ''}.
    </Typography>
  );
}

export interface HealthSummaryCardProps {
  /** the InfoCard variant; `gridItem` stretches the card to its row */
  variant?: InfoCardVariants;
}

/** The health page in brief, for the top of the overview. */
export function HealthSummaryCard(props: HealthSummaryCardProps) {
  const { entity } = useEntity();
  const entityRoute = useRouteRef(entityRouteRef);
  const healthTab = `${entityRoute(entityRouteParams(entity))}/health`;
  const { value, loading, error, retry } = useServiceHealth(
    stringifyEntityRef(entity),
  );
  let content;
  if (loading && !value) content = <Progress />;
  else if (error)
    content = <RetryableErrorPanel error={error} onRetry={retry} />;
  else if (value) {
    content = (
      <>
        <StatusSummary
          status={value.status}
          reasons={value.reasons}
          limit={REASONS_SHOWN}
        />
        <WhatChanged health={value} />
        <WhoCanAct health={value} />
        <Budget health={value} />
      </>
    );
  }
  return (
    <InfoCard
      title="Health"
      variant={props.variant}
      deepLink={{ title: 'View the health page', link: healthTab }}
    >
      {content}
    </InfoCard>
  );
}
