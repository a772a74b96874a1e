import {
  DeliveryMetricsResponse,
  DurationFigure,
  MINIMUM_FREQUENCY_WEEKS,
} from '@internal/plugin-delivery-common';
import Grid from '@material-ui/core/Grid';
import { MetricCard } from './MetricCard';
import { DrillDownFigure } from './drilldown/DrillDown';
import {
  formatDeployDays,
  formatDuration,
  formatFrequency,
  formatMedianDeployDays,
  formatPercent,
  plural,
} from './format';
import { useMetricsDocsLink } from './metricsDocs';

/** Open incidents named beside the time to restore; the rest are counted. */
const OPEN_INCIDENTS_SHOWN = 10;

function openIncidentsNote(figure: DurationFigure): string | undefined {
  const open = figure.openIncidents ?? [];
  if (!open.length) return undefined;
  const shown = open.slice(0, OPEN_INCIDENTS_SHOWN).join(', ');
  const more =
    open.length > OPEN_INCIDENTS_SHOWN
      ? ` and ${open.length - OPEN_INCIDENTS_SHOWN} more`
      : '';
  return `Leaves out ${plural(
    open.length,
    'open incident',
  )} (${shown}${more}): their duration is not known yet`;
}

/** The five DORA figures and the time to restore of one response, each as a card. */
export function MetricCards(props: {
  metrics: DeliveryMetricsResponse;
  /** the link that lists the rows behind a figure, for the figures that have one */
  drillDownUrl?: (figure: DrillDownFigure) => string;
}) {
  const m = props.metrics;
  const drillDown = props.drillDownUrl;
  const docsLink = useMetricsDocsLink();
  const serviceCount = m.services?.length ?? m.entityRefs.length;
  const medianOfServices = m.aggregation === 'median-of-services';
  const services = plural(serviceCount, 'service');
  // a group's counts are pooled over all its services, unlike its medians
  const acrossServices = medianOfServices ? ` across ${services}` : '';
  /** what a group figure is the median of */
  const aggregationNote = (counted: number | undefined) =>
    medianOfServices
      ? `Median of the figures of ${
          counted ?? 0
        } of ${services} (those with enough data)`
      : undefined;
  const common = {
    reportYear: m.reportYear,
    minimumSampleSize: m.minimumSampleSize,
    noDataYet: m.noDataYet,
  };
  const df = m.deploymentFrequency;
  const lt = m.changeLeadTime;
  const cfr = m.changeFailureRate;
  const rt = m.failedDeploymentRecoveryTime;
  const rr = m.deploymentReworkRate;
  const ttr = m.timeToRestoreService;
  // a group's level is judged on its median service's deploy days: that is
  // its figure, and the rate of all its deployments its total
  const frequency = medianOfServices
    ? {
        value: formatMedianDeployDays(df.medianDeployDaysPerWeek),
        details: `${formatFrequency(df.perDay, df.perWeek)} in total: ${plural(
          df.count,
          'deployment',
        )}${acrossServices}`,
      }
    : {
        value: formatFrequency(df.perDay, df.perWeek),
        details: `${plural(df.count, 'deployment')}, median ${formatDeployDays(
          df.medianDeployDaysPerWeek,
        )}`,
      };
  return (
    <Grid container spacing={2} alignItems="stretch">
      <Grid item xs={12} sm={6} lg={4}>
        <MetricCard
          {...common}
          title="Deployment frequency"
          docsUrl={docsLink('deployment-frequency')}
          drillDownUrl={drillDown?.('deployment-frequency')}
          levelNote={df.levelNote}
          value={frequency.value}
          details={frequency.details}
          aggregationNote={aggregationNote(df.servicesCounted)}
          level={df.level}
          sampleSize={df.sampleSize}
          sample={plural(df.sampleSize, 'full week')}
          notEnoughData={df.notEnoughData}
          minimumSampleSize={MINIMUM_FREQUENCY_WEEKS}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={4}>
        <MetricCard
          {...common}
          title="Change lead time"
          docsUrl={docsLink('change-lead-time')}
          drillDownUrl={drillDown?.('change-lead-time')}
          levelNote={lt.levelNote}
          value={`${formatDuration(lt.median)} median`}
          details={`p90 ${formatDuration(lt.p90)}`}
          aggregationNote={aggregationNote(lt.servicesCounted)}
          level={lt.level}
          sampleSize={lt.sampleSize}
          sample={plural(lt.sampleSize, 'change')}
          notEnoughData={lt.notEnoughData}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={4}>
        <MetricCard
          {...common}
          title="Change failure rate"
          docsUrl={docsLink('change-failure-rate')}
          drillDownUrl={drillDown?.('change-failure-rate')}
          levelNote={cfr.levelNote}
          value={formatPercent(cfr.value)}
          details={`${cfr.numerator} of ${plural(
            cfr.sampleSize,
            'deployment',
          )} failed${acrossServices}`}
          aggregationNote={aggregationNote(cfr.servicesCounted)}
          level={cfr.level}
          sampleSize={cfr.sampleSize}
          sample={plural(cfr.sampleSize, 'deployment')}
          notEnoughData={cfr.notEnoughData}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={4}>
        <MetricCard
          {...common}
          title="Failed deployment recovery time"
          docsUrl={docsLink('failed-deployment-recovery-time')}
          drillDownUrl={drillDown?.('failed-deployment-recovery-time')}
          levelNote={rt.levelNote}
          value={`${formatDuration(rt.median)} median`}
          details={`p90 ${formatDuration(rt.p90)}`}
          aggregationNote={aggregationNote(rt.servicesCounted)}
          level={rt.level}
          sampleSize={rt.sampleSize}
          sample={plural(rt.sampleSize, 'failed deployment')}
          notEnoughData={rt.notEnoughData}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={4}>
        <MetricCard
          {...common}
          title="Deployment rework rate"
          docsUrl={docsLink('deployment-rework-rate')}
          drillDownUrl={drillDown?.('deployment-rework-rate')}
          value={formatPercent(rr.value)}
          details={`${rr.numerator} of ${plural(rr.sampleSize, 'deployment')} ${
            rr.numerator === 1 ? 'was' : 'were'
          } rework${acrossServices}`}
          aggregationNote={aggregationNote(rr.servicesCounted)}
          level={rr.level}
          sampleSize={rr.sampleSize}
          sample={plural(rr.sampleSize, 'deployment')}
          notEnoughData={rr.notEnoughData}
          benchmarked={false}
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={4}>
        <MetricCard
          {...common}
          title="Time to restore service"
          docsUrl={docsLink('time-to-restore-service')}
          drillDownUrl={drillDown?.('time-to-restore-service')}
          value={`${formatDuration(ttr.median)} median`}
          details={`p90 ${formatDuration(ttr.p90)}`}
          note={
            openIncidentsNote(ttr) && (
              <span role="note" aria-label="Open incidents left out">
                {openIncidentsNote(ttr)}
              </span>
            )
          }
          aggregationNote={aggregationNote(ttr.servicesCounted)}
          level={ttr.level}
          sampleSize={ttr.sampleSize}
          sample={plural(ttr.sampleSize, 'resolved incident')}
          notEnoughData={ttr.notEnoughData}
          benchmarked={false}
        />
      </Grid>
    </Grid>
  );
}
