import { Link } from '@backstage/core-components';
import { HealthChangesBefore } from '@internal/plugin-delivery-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Timestamp } from '../Timestamp';
import { DeploymentOutcome } from '../deployments';
import { plural } from '../format';
import { safeHttpUrl } from '../pipelines';
import { changeLabel, changeUrl, deploymentUrl } from '../links';

function TroubleTitle(props: { trouble: HealthChangesBefore['trouble'] }) {
  const { kind, title, url, startedAt } = props.trouble;
  const href = safeHttpUrl(url);
  return (
    <Typography variant="subtitle1" component="h3">
      {kind === 'alert' ? 'Alert' : 'Incident'}{' '}
      {href ? <Link to={href}>{title}</Link> : <strong>{title}</strong>} started{' '}
      <Timestamp iso={startedAt} />
    </Typography>
  );
}

function One(props: { item: HealthChangesBefore; hours: number }) {
  const { item, hours } = props;
  const { deployments, changes } = item;
  const more = (shown: number, total: number) =>
    total > shown ? (
      <Typography component="li" variant="caption">
        and {total - shown} more
      </Typography>
    ) : null;
  return (
    <Box component="section" mb={2} aria-label={`Before ${item.trouble.title}`}>
      <TroubleTitle trouble={item.trouble} />
      {!deployments.totalCount && !changes.totalCount ? (
        <Typography variant="body2">
          Nothing was deployed in the {plural(hours, 'hour')} before it: look
          beyond this service&apos;s changes (dependencies, load,
          infrastructure).
        </Typography>
      ) : (
        <>
          <Typography variant="body2">
            In the {plural(hours, 'hour')} before:{' '}
            {plural(deployments.totalCount, 'deployment')},{' '}
            {plural(changes.totalCount, 'change')} shipped to production.
          </Typography>
          <Box component="ul" my={0.5}>
            {deployments.items.map(d => (
              <Typography key={`d${d.id}`} component="li" variant="body2">
                Deployment of{' '}
                <Link to={deploymentUrl(d)}>{d.sha.slice(0, 7)}</Link> to{' '}
                {d.environment} <DeploymentOutcome row={d} />
              </Typography>
            ))}
            {more(deployments.items.length, deployments.totalCount)}
            {changes.items.map(c => (
              <Typography key={`c${c.id}`} component="li" variant="body2">
                Change <Link to={changeUrl(c)}>{changeLabel(c)}</Link>, in
                production <Timestamp iso={c.deployedAt} />
              </Typography>
            ))}
            {more(changes.items.length, changes.totalCount)}
          </Box>
        </>
      )}
    </Box>
  );
}

/** For each firing alert and open incident, the deployments and changes of the hours before it. */
export function ChangesBefore(props: {
  items: HealthChangesBefore[];
  hours: number;
}) {
  if (!props.items.length) {
    return (
      <Typography variant="body2">
        No alert is firing and no incident is open, so nothing to trace back.
      </Typography>
    );
  }
  return (
    <>
      {props.items.map(item => (
        <One
          key={`${item.trouble.kind}:${item.trouble.title}:${item.trouble.startedAt}`}
          item={item}
          hours={props.hours}
        />
      ))}
    </>
  );
}
