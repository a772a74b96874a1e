import {
  BenchmarkedMetric,
  DeliveryMetricsResponse,
  doraLevelNote,
  getDoraBenchmark,
} from '@internal/plugin-delivery-common';
import Grid from '@material-ui/core/Grid';
import { MetricCard } from './MetricCard';
import { formatDuration, formatFrequency, formatPercent } from './format';
import { useMetricsDocsLink } from './metricsDocs';

/** The five DORA figures of one response, each as a card. */
export function MetricCards(props: { metrics: DeliveryMetricsResponse }) {
  const m = props.metrics;
  const docsLink = useMetricsDocsLink();
  const benchmark = getDoraBenchmark(m.reportYear);
  const levelNote = (metric: BenchmarkedMetric) =>
    benchmark ? doraLevelNote(benchmark, metric) : null;
  const common = {
    reportYear: m.reportYear,
    minimumSampleSize: m.minimumSampleSize,
  };
  const df = m.deploymentFrequency;
  const lt = m.changeLeadTime;
  const cfr = m.changeFailureRate;
  const rt = m.failedDeploymentRecoveryTime;
  const rr = m.deploymentReworkRate;
  return (
    <Grid container spacing={2} alignItems="stretch">
      <Grid item xs={12} sm={6} lg={4}>
        <MetricCard
          {...common}
          title="Deployment frequency"
          docsUrl={docsLink('deployment-frequency')}
          levelNote={levelNote('deploymentFrequency')}
          value={formatFrequency(df.perDay, df.perWeek)}
          details={`${df.count} deployments, median ${df.medianDeployDaysPerWeek} deploy days per week`}
          level={df.level}
          sampleSize={df.sampleSize}
          sampleLabel="full weeks"
          notEnoughData={df.notEnoughData}
          minimumSampleSize={1}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={4}>
        <MetricCard
          {...common}
          title="Change lead time"
          docsUrl={docsLink('change-lead-time')}
          levelNote={levelNote('changeLeadTime')}
          value={`${formatDuration(lt.median)} median`}
          details={`p90 ${formatDuration(lt.p90)}`}
          level={lt.level}
          sampleSize={lt.sampleSize}
          sampleLabel="changes"
          notEnoughData={lt.notEnoughData}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={4}>
        <MetricCard
          {...common}
          title="Change failure rate"
          docsUrl={docsLink('change-failure-rate')}
          levelNote={levelNote('changeFailureRate')}
          value={formatPercent(cfr.value)}
          details={`${cfr.numerator} of ${cfr.sampleSize} deployments failed`}
          level={cfr.level}
          sampleSize={cfr.sampleSize}
          sampleLabel="deployments"
          notEnoughData={cfr.notEnoughData}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={4}>
        <MetricCard
          {...common}
          title="Failed deployment recovery time"
          docsUrl={docsLink('failed-deployment-recovery-time')}
          levelNote={levelNote('failedDeploymentRecoveryTime')}
          value={`${formatDuration(rt.median)} median`}
          details={`p90 ${formatDuration(rt.p90)}`}
          level={rt.level}
          sampleSize={rt.sampleSize}
          sampleLabel="failed deployments"
          notEnoughData={rt.notEnoughData}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={4}>
        <MetricCard
          {...common}
          title="Deployment rework rate"
          docsUrl={docsLink('deployment-rework-rate')}
          value={formatPercent(rr.value)}
          details={`${rr.numerator} of ${rr.sampleSize} deployments were rework`}
          level={rr.level}
          sampleSize={rr.sampleSize}
          sampleLabel="deployments"
          notEnoughData={rr.notEnoughData}
          benchmarked={false}
        />
      </Grid>
    </Grid>
  );
}
