import client from 'prom-client';

/**
 * A Prometheus registry whose every series carries `service="<name>"` (the
 * label the SLO rules and the dashboard select on), with the process's own
 * metrics and `service_build_info{version}` (the dashboard's deployment
 * markers).
 */
export function createRegistry(options: {
  serviceName: string;
  version: string;
}): client.Registry {
  const registry = new client.Registry();
  registry.setDefaultLabels({ service: options.serviceName });
  client.collectDefaultMetrics({ register: registry });
  new client.Gauge({
    name: 'service_build_info',
    help: 'Always 1; the version label says which build runs (deployment markers)',
    labelNames: ['version'],
    registers: [registry],
  }).set({ version: options.version }, 1);
  return registry;
}
