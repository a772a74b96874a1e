import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { deliveryApiRef } from '../api';
import { MetricCards } from './MetricCards';
import { lastDays } from './window';

const WINDOW_DAYS = 30;

interface ServiceRow {
  entityRef: string;
}

const serviceColumns: TableColumn<ServiceRow>[] = [
  {
    title: 'Service',
    field: 'entityRef',
    render: row => <EntityRefLink entityRef={row.entityRef} />,
  },
];

/**
 * The DORA figures of every component a group and its child groups own, over
 * the last 30 days of their production environments.
 */
export function DeliveryRollupCard() {
  const { entity } = useEntity();
  const group = stringifyEntityRef(entity);
  const api = useApi(deliveryApiRef);
  const range = useMemo(() => lastDays(WINDOW_DAYS), []);
  const { value, loading, error } = useAsync(
    () => api.getMetrics({ group, ...range }),
    [api, group, range],
  );

  let body: JSX.Element | null = null;
  if (loading) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} />;
  else if (value && value.entityRefs.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No services to roll up"
        description="Neither this group nor its child groups own a component with the github.com/project-slug annotation."
      />
    );
  } else if (value && value.dataQuality.newestEventAt === null) {
    body = (
      <EmptyState
        missing="data"
        title="No delivery data yet"
        description="The services of this group appear here once GitHub is synchronised or their CI sends events to the delivery events API."
      />
    );
  } else if (value) {
    const services = [...value.entityRefs].sort().map(entityRef => ({
      entityRef,
    }));
    body = (
      <Box display="flex" flexDirection="column" gridGap={16}>
        <Typography variant="body2" color="textSecondary">
          {services.length} {services.length === 1 ? 'service' : 'services'}{' '}
          included · {value.environments.join(', ')} ·{' '}
          {new Date(value.from).toLocaleDateString()} to{' '}
          {new Date(value.to).toLocaleDateString()}
        </Typography>
        <MetricCards metrics={value} />
        <Table<ServiceRow>
          title="Services included"
          options={{
            paging: services.length > 10,
            pageSize: 10,
            search: false,
            padding: 'dense',
            toolbar: true,
          }}
          columns={serviceColumns}
          data={services}
        />
      </Box>
    );
  }
  return (
    <InfoCard title={`Delivery of the team (last ${WINDOW_DAYS} days)`}>
      {body}
    </InfoCard>
  );
}
