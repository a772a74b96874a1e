import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Select,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_GITHUB_PROJECT_SLUG,
  DEFAULT_REPORT_YEAR,
  DORA_REPORT_YEARS,
  DataQuality,
  DeploymentRow,
  Page,
  isDemoDataEntity,
} from '@internal/plugin-delivery-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { deliveryApiRef } from '../api';
import { DemoDataNotice } from './DemoDataNotice';
import { DeploymentsTable } from './DeploymentsTable';
import { useDeploymentRuns } from './pipelines';
import { MetricCards } from './MetricCards';
import { NoDataYetNotice } from './NoDataYetNotice';
import { TrendChart } from './TrendChart';
import { formatPercent, plural } from './format';

const DAY_MS = 86_400_000;

export const windowOptions = [
  { label: 'Last 7 days', value: 7 },
  { label: 'Last 30 days', value: 30 },
  { label: 'Last 90 days', value: 90 },
  { label: 'Last 180 days', value: 180 },
];

const reportYearOptions = [...DORA_REPORT_YEARS]
  .reverse()
  .map(year => ({ label: `DORA ${year}`, value: year }));

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
  const [windowDays, setWindowDays] = useState(props.initialWindowDays);
  const [reportYear, setReportYear] = useState(DEFAULT_REPORT_YEAR);
  const { entityRef, environment } = props;
  const scope = useMemo<Scope>(() => {
    const to = new Date();
    return {
      entityRef,
      environment,
      from: new Date(to.getTime() - windowDays * DAY_MS),
      to,
    };
  }, [entityRef, environment, windowDays]);

  return (
    <Grid container spacing={3}>
      {props.demo && (
        <Grid item xs={12}>
          <DemoDataNotice />
        </Grid>
      )}
      <Grid item xs={12} sm={6} md={3}>
        <Select
          label="Window"
          items={windowOptions}
          selected={windowDays}
          onChange={value => setWindowDays(Number(value))}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <Select
          label="Benchmark levels"
          data-testid="report-year"
          items={reportYearOptions}
          selected={reportYear}
          onChange={value => setReportYear(Number(value))}
        />
      </Grid>
      <Grid item xs={12}>
        <MetricsSection scope={scope} reportYear={reportYear} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Weekly trend">
          <SeriesSection scope={scope} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <DeploymentsSection scope={scope} />
      </Grid>
    </Grid>
  );
}

function MetricsSection(props: { scope: Scope; reportYear: number }) {
  const api = useApi(deliveryApiRef);
  const { value, loading, error } = useAsync(
    () => api.getMetrics({ ...props.scope, reportYear: props.reportYear }),
    [api, props.scope, props.reportYear],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  return (
    <Grid container spacing={2}>
      {value.noDataYet && (
        <Grid item xs={12}>
          <NoDataYetNotice subject="this component" />
        </Grid>
      )}
      <Grid item xs={12}>
        <Typography variant="body2" color="textSecondary">
          {value.environments.join(', ')} from{' '}
          {new Date(value.from).toLocaleDateString()} to{' '}
          {new Date(value.to).toLocaleDateString()}
        </Typography>
      </Grid>
      <Grid item xs={12}>
        <MetricCards metrics={value} />
      </Grid>
      <Grid item xs={12}>
        <DataQualityPanel quality={value.dataQuality} />
      </Grid>
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
  const api = useApi(deliveryApiRef);
  const { value, loading, error } = useAsync(
    () => api.getSeries(props.scope),
    [api, props.scope],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.buckets.length) {
    return <Typography>No weekly data in the window.</Typography>;
  }
  return <TrendChart buckets={value.buckets} />;
}

function DeploymentsSection(props: { scope: Scope }) {
  const api = useApi(deliveryApiRef);
  const { value, loading, error } = useAsync(
    () => api.getDeployments({ ...props.scope, limit: 50 }),
    [api, props.scope],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  return <DeploymentsWithRuns scope={props.scope} page={value} />;
}

function DeploymentsWithRuns(props: {
  scope: Scope;
  page: Page<DeploymentRow>;
}) {
  // without its runs the table still shows each deployment's workflow name
  const runs = useDeploymentRuns({
    ...props.scope,
    deployments: props.page.items,
  });
  return <DeploymentsTable page={props.page} runs={runs.value} />;
}
