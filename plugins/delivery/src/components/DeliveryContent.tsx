import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_GITHUB_PROJECT_SLUG,
  DataQuality,
  DeliveryMetricsResponse,
  DeploymentRow,
  Page,
  isDemoDataEntity,
} from '@internal/plugin-delivery-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  Loaded,
  useDeliveryMetrics,
  useDeliverySeries,
  useDeployments,
} from '../hooks';
import { DemoDataNotice } from './DemoDataNotice';
import { DeploymentsTable } from './DeploymentsTable';
import { useDeploymentRuns } from './pipelines';
import { MetricCards } from './MetricCards';
import { NoDataYetNotice } from './NoDataYetNotice';
import { RetryableErrorPanel } from './RetryableErrorPanel';
import { SyncStatusLine } from './SyncStatusLine';
import { TrendChart } from './TrendChart';
import { DrillDown, DrillDownFigure } from './drilldown/DrillDown';
import { useDrillDownParam } from './drilldown/useDrillDownParam';
import { useScopedDeliveryView } from './deliveryView';
import { DeliveryViewControls } from './DeliveryViewControls';
import { formatDateRange, formatPercent, plural } from './format';

export interface DeliveryContentProps {
  /** one environment instead of the entity's production environments */
  environment?: string;
  /** initial window in days; 30 unless set */
  windowDays?: number;
}

/** The Delivery tab of an entity: DORA figures, weekly trend and deployments. */
export function DeliveryContent(props: DeliveryContentProps) {
  const { entity } = useEntity();
  if (!entity.metadata.annotations?.[ANNOTATION_GITHUB_PROJECT_SLUG]) {
    return (
      <MissingAnnotationEmptyState
        annotation={ANNOTATION_GITHUB_PROJECT_SLUG}
      />
    );
  }
  return (
    <DeliveryDashboard
      entityRef={stringifyEntityRef(entity)}
      environment={props.environment}
      initialWindowDays={props.windowDays ?? 30}
      demo={isDemoDataEntity(entity)}
    />
  );
}

/** The rows the tab shows: the entity's, in the chosen environment and window. */
interface Scope {
  entityRef: string;
  environment?: string;
  from: Date;
  to: Date;
}

function DeliveryDashboard(props: {
  entityRef: string;
  environment?: string;
  initialWindowDays: number;
  /** an example service whose figures are generated */
  demo: boolean;
}) {
  const { entityRef } = props;
  const { view, update, scope, environments } = useScopedDeliveryView(
    { entityRef },
    { windowDays: props.initialWindowDays, environment: props.environment },
  );
  const { reportYear } = view;
  const metrics = useDeliveryMetrics({ ...scope, reportYear });
  const { drill, drillDownUrl, close } = useDrillDownParam();

  return (
    <Grid container spacing={3}>
      {props.demo && (
        <Grid item xs={12}>
          <DemoDataNotice />
        </Grid>
      )}
      <Grid item xs={12}>
        <SyncStatusLine entityRef={entityRef} />
      </Grid>
      <DeliveryViewControls
        view={view}
        update={update}
        environments={environments.value ?? []}
        fallbackWindowDays={props.initialWindowDays}
      />
      <Grid item xs={12}>
        <MetricsSection metrics={metrics} drillDownUrl={drillDownUrl} />
      </Grid>
      {drill && (
        <Grid item xs={12}>
          <DrillDown figure={drill} query={scope} onClose={close} />
        </Grid>
      )}
      {/* with no deployment recorded, the trend and the table would be empty */}
      {!metrics.value?.noDataYet && (
        <>
          <Grid item xs={12}>
            <InfoCard title="Weekly trend">
              <SeriesSection scope={scope} />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <DeploymentsSection
              scope={scope}
              metrics={metrics.value}
              countedUrl={drillDownUrl('deployment-frequency')}
            />
          </Grid>
        </>
      )}
    </Grid>
  );
}

function MetricsSection(props: {
  metrics: Loaded<DeliveryMetricsResponse>;
  drillDownUrl: (figure: DrillDownFigure) => string;
}) {
  const { value, loading, error, retry } = props.metrics;
  if (loading) return <Progress />;
  if (error) return <RetryableErrorPanel error={error} onRetry={retry} />;
  if (!value) return null;
  return (
    <Grid container spacing={2}>
      {value.noDataYet && (
        <Grid item xs={12}>
          <NoDataYetNotice subject="this component" withCiStep />
        </Grid>
      )}
      <Grid item xs={12}>
        <Typography variant="body2" color="textSecondary">
          {value.environments.join(', ')} from{' '}
          {formatDateRange(value.from, value.to)}
        </Typography>
      </Grid>
      <Grid item xs={12}>
        <MetricCards metrics={value} drillDownUrl={props.drillDownUrl} />
      </Grid>
      {!value.noDataYet && (
        <Grid item xs={12}>
          <DataQualityPanel quality={value.dataQuality} />
        </Grid>
      )}
    </Grid>
  );
}

function DataQualityPanel(props: { quality: DataQuality }) {
  const q = props.quality;
  const summary = `${formatPercent(q.linkedDeploymentShare)} of ${plural(
    q.deployments,
    'deployment',
  )} linked to changes; incidents ${
    q.incidentsConfigured ? 'recorded' : 'not recorded'
  }`;
  if (!q.warnings.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        Data quality: {summary}
      </Typography>
    );
  }
  return (
    <WarningPanel
      severity="info"
      title={`Data quality: ${plural(q.warnings.length, 'note')}`}
      message={summary}
      defaultExpanded
    >
      <ul>
        {q.warnings.map(w => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </WarningPanel>
  );
}

function SeriesSection(props: { scope: Scope }) {
  const { value, loading, error, retry } = useDeliverySeries(props.scope);
  if (loading) return <Progress />;
  if (error) return <RetryableErrorPanel error={error} onRetry={retry} />;
  if (!value?.buckets.length) {
    return <Typography>No weekly data in the window.</Typography>;
  }
  return <TrendChart buckets={value.buckets} />;
}

function DeploymentsSection(props: {
  scope: Scope;
  /** the figures of the same scope, for the count deployment frequency takes */
  metrics?: DeliveryMetricsResponse;
  countedUrl: string;
}) {
  const { value, loading, error, retry } = useDeployments({
    ...props.scope,
    limit: 50,
  });
  if (loading) return <Progress />;
  if (error) return <RetryableErrorPanel error={error} onRetry={retry} />;
  if (!value) return null;
  return (
    <DeploymentsWithRuns
      scope={props.scope}
      page={value}
      metrics={props.metrics}
      countedUrl={props.countedUrl}
    />
  );
}

function DeploymentsWithRuns(props: {
  scope: Scope;
  page: Page<DeploymentRow>;
  metrics?: DeliveryMetricsResponse;
  countedUrl: string;
}) {
  // without its runs the table still shows each deployment's workflow name
  const runs = useDeploymentRuns({
    ...props.scope,
    deployments: props.page.items,
  });
  return (
    <DeploymentsTable
      page={props.page}
      runs={runs.value}
      environments={props.metrics?.environments}
      counted={props.metrics?.deploymentFrequency.count}
      failed={props.metrics?.changeFailureRate.numerator}
      countedUrl={props.countedUrl}
    />
  );
}
