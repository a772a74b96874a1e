import { Table, TableColumn } from '@backstage/core-components';
import { HealthAlert } from '@internal/plugin-delivery-common';
import { Timestamp } from '../Timestamp';

const columns: TableColumn<HealthAlert>[] = [
  { title: 'Alert', field: 'name' },
  {
    title: 'State',
    render: a => (a.state === 'firing' ? 'Firing' : 'Pending'),
  },
  { title: 'Severity', field: 'severity', emptyValue: '–' },
  { title: 'Since', render: a => <Timestamp iso={a.activeAt} /> },
  { title: 'Summary', field: 'summary', emptyValue: '–' },
];

/** The entity's pending and firing alerts, as Prometheus reports them. */
export function AlertsTable(props: {
  instance: string;
  alerts: HealthAlert[];
}) {
  const { instance, alerts } = props;
  return (
    <Table<HealthAlert>
      title="Active alerts"
      subtitle={`From Prometheus '${instance}'`}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={alerts}
      emptyContent={
        <div style={{ padding: 16 }}>
          No alert of this service is pending or firing.
        </div>
      }
    />
  );
}
