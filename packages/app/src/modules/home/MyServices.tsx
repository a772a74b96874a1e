import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Link, Progress, WarningPanel } from '@backstage/core-components';
import {
  EntityRefLink,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  isDeliveryAvailable,
  ServiceHealthStatus,
} from '@internal/plugin-delivery';
import { useOwnedComponents } from './useOwnedComponents';

function ServiceItem(props: { entity: Entity }) {
  const { entity } = props;
  const entityLink = useEntityRefLink();
  const details = [entity.spec?.type, entity.spec?.lifecycle]
    .filter(value => typeof value === 'string')
    .join(' · ');
  return (
    <ListItem divider>
      <ListItemText
        primary={<EntityRefLink entityRef={entity} />}
        // the home page's cards keep text on one line; a description wraps
        secondaryTypographyProps={{ style: { whiteSpace: 'normal' } }}
        secondary={
          <>
            {entity.metadata.description}
            {entity.metadata.description && details && <br />}
            {details}
          </>
        }
      />
      {isDeliveryAvailable(entity) && (
        <Box
          display="flex"
          flexDirection="column"
          alignItems="flex-end"
          flexShrink={0}
          ml={2}
        >
          <Link to={`${entityLink(entity)}/health`}>
            <ServiceHealthStatus entityRef={stringifyEntityRef(entity)} />
          </Link>
          <Link to={`${entityLink(entity)}/delivery`}>Delivery</Link>
        </Box>
      )}
    </ListItem>
  );
}

/** The signed-in user's components (theirs or their groups'), for the home page. */
export function MyServices() {
  const { value, loading, error } = useOwnedComponents();
  if (loading) {
    return <Progress />;
  }
  if (error) {
    return (
      <WarningPanel
        severity="error"
        title="Could not load your services"
        message={error.message}
      />
    );
  }
  if (!value?.length) {
    return (
      <Typography variant="body2">
        Neither you nor your teams own a component yet.{' '}
        <Link to="/create">Create a service</Link> from a template, or set a
        component's <code>spec.owner</code> to your team.
      </Typography>
    );
  }
  return (
    <List dense disablePadding>
      {value.map(entity => (
        <ServiceItem key={stringifyEntityRef(entity)} entity={entity} />
      ))}
    </List>
  );
}
