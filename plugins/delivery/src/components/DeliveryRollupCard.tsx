import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  InfoCardVariants,
  Link,
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ServiceDeliveryFigures } from '@internal/plugin-delivery-common';
import Box from '@material-ui/core/Box';
import Dialog from '@material-ui/core/Dialog';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { Loaded, useDeliveryMetrics, useDemoServices } from '../hooks';
import { useScopedDeliveryView } from './deliveryView';
import { DeliveryViewControls } from './DeliveryViewControls';
import { DemoDataNotice } from './DemoDataNotice';
import { MetricCards } from './MetricCards';
import { DrillDown } from './drilldown/DrillDown';
import { useDrillDownParam } from './drilldown/useDrillDownParam';
import { NoDataYetNotice } from './NoDataYetNotice';
import { RetryableErrorPanel } from './RetryableErrorPanel';
import { formatDateRange, plural } from './format';
import { useMetricsDocsLink } from './metricsDocs';
import {
  ServiceName,
  compactCellStyle,
  compactColumnHeaderStyle,
  compactHeaderStyle,
  serviceFigureColumns,
} from './serviceFigures';

interface ServiceRow {
  entityRef: string;
  /** unknown until the catalog answered */
  demo?: boolean;
  /** the service's own figures, as the group response lists them */
  figures?: ServiceDeliveryFigures;
}

const serviceColumns: TableColumn<ServiceRow>[] = [
  {
    title: 'Service',
    field: 'entityRef',
    // the card has two thirds of a group page: every pixel counts, and a
    // long name breaks at its hyphens
    headerStyle: compactColumnHeaderStyle,
    cellStyle: compactCellStyle,
    render: row => <ServiceName entityRef={row.entityRef} demo={row.demo} />,
  },
  ...serviceFigureColumns<ServiceRow>(row => row.figures),
];

/** Says which services of the rollup contribute generated demo figures. */
function RollupDemoNotice(props: {
  demo: Loaded<Set<string>>;
  serviceCount: number;
}) {
  const { value, error } = props.demo;
  if (error) {
    return (
      <WarningPanel
        severity="warning"
        title="Could not check whether these services use demo data"
        message={error.message}
      />
    );
  }
  if (!value?.size) return null;
  const all = value.size === props.serviceCount;
  return (
    <DemoDataNotice>
      {all
        ? `Every service of this rollup is an example service whose deployments, changes and incidents Launchpad generates.`
        : `${value.size} of the ${props.serviceCount} services of this rollup are example services whose deployments, changes and incidents Launchpad generates; the figures mix them with recorded data.`}{' '}
      They describe no real delivery.
    </DemoDataNotice>
  );
}

export interface DeliveryRollupCardProps {
  /** the InfoCard variant; `gridItem` stretches the card to its row */
  variant?: InfoCardVariants;
  /** days the figures are computed over, ending now; 30 unless set */
  windowDays?: number;
}

/**
 * The DORA figures of every component a group and its child groups own, over
 * the last 30 days (or `windowDays`) of their production environments or the
 * window, environment and benchmark year chosen (kept in the URL), with
 * every service's own figures in a sortable table (services without data
 * listed and marked).
 */
export function DeliveryRollupCard(props: DeliveryRollupCardProps) {
  const windowDays = props.windowDays ?? 30;
  const { entity } = useEntity();
  const group = stringifyEntityRef(entity);
  const { view, update, scope, environments } = useScopedDeliveryView(
    { group },
    { windowDays },
  );
  const { value, loading, error, retry } = useDeliveryMetrics({
    ...scope,
    reportYear: view.reportYear,
  });
  const demo = useDemoServices(value?.entityRefs);
  const { drill, drillDownUrl, close } = useDrillDownParam();
  const docsLink = useMetricsDocsLink();

  let body: JSX.Element | null = null;
  if (loading) body = <Progress />;
  else if (error) body = <RetryableErrorPanel error={error} onRetry={retry} />;
  else if (value && value.entityRefs.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No services to roll up"
        description="Neither this group nor its child groups own a component with the github.com/project-slug annotation."
      />
    );
  } else if (value) {
    const figures = new Map(
      (value.services ?? []).map(f => [f.entityRef, f] as const),
    );
    const services = [...value.entityRefs].sort().map(entityRef => ({
      entityRef,
      demo: demo.value?.has(entityRef),
      figures: figures.get(entityRef),
    }));
    const withData = services.filter(s => s.figures && !s.figures.noDataYet);
    body = (
      <Box display="flex" flexDirection="column" gridGap={16}>
        <RollupDemoNotice demo={demo} serviceCount={services.length} />
        {value.noDataYet && <NoDataYetNotice subject="any of its services" />}
        <Typography variant="body2" color="textSecondary">
          {plural(services.length, 'service')} included ({withData.length} with
          deployments recorded) · {value.environments.join(', ')} ·{' '}
          {formatDateRange(value.from, value.to)}
        </Typography>
        {value.aggregation === 'median-of-services' && (
          <Typography
            variant="body2"
            role="note"
            aria-label="How group figures are computed"
          >
            Each figure of the group is the median of its services' own figures,
            over the services with enough data for it; its level comes from that
            median. Counts and sample sizes are pooled. Every service's own
            figures and levels are listed below.{' '}
            <Link to={docsLink('groups')}>How groups are computed</Link>
          </Typography>
        )}
        <MetricCards metrics={value} drillDownUrl={drillDownUrl} />
        {/* the rows of all the group's services need more room than the card's column */}
        <Dialog open={!!drill} onClose={close} maxWidth="lg" fullWidth>
          {drill && <DrillDown figure={drill} query={scope} onClose={close} />}
        </Dialog>
        <Table<ServiceRow>
          title="Services included"
          options={{
            paging: services.length > 10,
            pageSize: 10,
            search: false,
            padding: 'dense',
            toolbar: true,
            headerStyle: compactHeaderStyle,
          }}
          columns={serviceColumns}
          data={services}
        />
      </Box>
    );
  }
  return (
    <InfoCard title="Delivery of the team" variant={props.variant}>
      <Box mb={2}>
        <Grid container spacing={2}>
          <DeliveryViewControls
            view={view}
            update={update}
            environments={environments.value ?? []}
            fallbackWindowDays={windowDays}
            width={6}
          />
        </Grid>
      </Box>
      {body}
    </InfoCard>
  );
}
