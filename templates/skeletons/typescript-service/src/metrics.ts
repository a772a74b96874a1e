import client from 'prom-client';
import { createRegistry } from './registry.ts';

/**
 * Latency buckets in seconds. They include every latency objective Launchpad
 * offers, so the SLO rules in monitoring/ can read the share of requests
 * faster than the objective straight from one bucket.
 */
const BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.3, 0.5, 0.75, 1, 2, 2.5, 5, 10,
];

export type Metrics = ReturnType<typeof createMetrics>;

/** Request count, errors, a latency histogram and the shared registry (process metrics, build info). */
export function createMetrics(options: {
  serviceName: string;
  version: string;
}) {
  const registry = createRegistry(options);

  const requests = new client.Counter({
    name: 'http_requests_total',
    help: 'HTTP requests handled, by method, route and status code',
    labelNames: ['method', 'route', 'status_code'],
    registers: [registry],
  });
  const errors = new client.Counter({
    name: 'http_request_errors_total',
    help: 'HTTP requests answered with a 5xx status',
    labelNames: ['method', 'route'],
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its response',
    labelNames: ['method', 'route'],
    buckets: BUCKETS,
    registers: [registry],
  });

  return {
    registry,
    observe(method: string, route: string, status: number, seconds: number) {
      requests.inc({ method, route, status_code: String(status) });
      if (status >= 500) errors.inc({ method, route });
      duration.observe({ method, route }, seconds);
    },
  };
}
