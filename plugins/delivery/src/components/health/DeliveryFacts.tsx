import { Link } from '@backstage/core-components';
import { HealthDelivery } from '@internal/plugin-delivery-common';
import Typography from '@material-ui/core/Typography';
import { Timestamp } from '../Timestamp';
import { DeploymentOutcome } from '../deployments';
import { formatPercent, plural } from '../format';
import { safeHttpUrl } from '../pipelines';
import { deploymentUrl } from '../links';

/** The newest deployment to each environment, with what became of it and when. */
export function LatestDeployments(props: {
  delivery: HealthDelivery;
  /** where the step to copy into CI is, when there is nothing to show */
  deliveryTab: string;
}) {
  const { latestDeployments } = props.delivery;
  if (!latestDeployments.length) {
    return (
      <Typography variant="body2">
        No deployment recorded in the last 90 days. Deployments arrive through
        the delivery events API (
        <code>POST /api/delivery/events/deployments</code>) or GitHub&apos;s{' '}
        <code>deployment_status</code> webhook; the{' '}
        <Link to={props.deliveryTab}>Delivery tab</Link> gives a GitHub Actions
        step to copy while none was ever recorded.
      </Typography>
    );
  }
  return (
    <ul aria-label="Latest deployment per environment" style={{ margin: 0 }}>
      {latestDeployments.map(d => (
        <Typography key={d.id} component="li" variant="body2">
          <strong>{d.environment}</strong>:{' '}
          <Link to={deploymentUrl(d)}>{d.sha.slice(0, 7)}</Link>{' '}
          <DeploymentOutcome row={d} />
        </Typography>
      ))}
    </ul>
  );
}

/** Unresolved incidents, each linked when it has a link. */
export function OpenIncidents(props: { delivery: HealthDelivery }) {
  const { openIncidents, lastIncidentAt } = props.delivery;
  if (!openIncidents.length) {
    return (
      <Typography variant="body2">
        No open incident.{' '}
        {lastIncidentAt ? (
          <>
            The last one started <Timestamp iso={lastIncidentAt} />.
          </>
        ) : (
          'None recorded in the last year.'
        )}
      </Typography>
    );
  }
  return (
    <ul aria-label="Open incidents" style={{ margin: 0 }}>
      {openIncidents.map(i => {
        const url = safeHttpUrl(i.url);
        const title = i.title ?? i.externalId;
        return (
          <Typography key={i.id} component="li" variant="body2">
            {url ? <Link to={url}>{title}</Link> : title}
            {i.severity ? ` (${i.severity})` : ''}, open since{' '}
            <Timestamp iso={i.startedAt} />
          </Typography>
        );
      })}
    </ul>
  );
}

/** Share of decided pipeline runs that passed over the last 7 days. */
export function PipelineSuccess(props: { delivery: HealthDelivery }) {
  const { decided, succeeded, successRate } = props.delivery.pipelines;
  return (
    <Typography variant="body2">
      {decided
        ? `${formatPercent(
            successRate,
          )} of pipeline runs passed in the last 7 days (${succeeded} of ${plural(
            decided,
            'run',
          )}).`
        : 'No pipeline run finished in the last 7 days.'}
    </Typography>
  );
}
