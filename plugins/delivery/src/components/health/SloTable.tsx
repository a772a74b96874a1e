import { Table, TableColumn } from '@backstage/core-components';
import { HealthSlo } from '@internal/plugin-delivery-common';
import { formatPercent } from '../format';

/** 0.999 as "99.9%", 0.9995 as "99.95%" */
const objective = (value: number | null) =>
  value === null ? '–' : `${Number((value * 100).toFixed(3))}%`;

const columns: TableColumn<HealthSlo>[] = [
  { title: 'SLO', field: 'slo' },
  { title: 'Objective', render: s => objective(s.objective) },
  {
    title: 'Error budget left (30 days)',
    render: s => formatPercent(s.errorBudgetRemaining),
  },
  {
    title: 'Burn rate now',
    render: s =>
      s.burnRate === null ? '–' : `${Math.round(s.burnRate * 10) / 10}×`,
  },
];

/** The service's SLOs with the error budget each has left. */
export function SloTable(props: { instance: string; slos: HealthSlo[] }) {
  return (
    <Table<HealthSlo>
      title="SLOs"
      subtitle={`Recording rules slo:* in Prometheus '${props.instance}'`}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={props.slos}
      emptyContent={
        <div style={{ padding: 16 }}>
          No SLO recording rules carry this service&apos;s <code>service</code>{' '}
          label. Services created from a Launchpad template have them in{' '}
          <code>monitoring/slo-rules.yaml</code>; load that file into
          Prometheus.
        </div>
      }
    />
  );
}
