import client from 'prom-client';
import { createRegistry } from './registry.ts';

/**
 * Job duration buckets in seconds. They include every latency objective
 * Launchpad offers, so the SLO rules in monitoring/ can read the share of runs
 * faster than the objective straight from one bucket.
 */
const BUCKETS = [
  0.01, 0.05, 0.1, 0.2, 0.25, 0.3, 0.5, 0.75, 1, 2, 2.5, 5, 10, 30, 60, 300,
];

export type Metrics = ReturnType<typeof createMetrics>;

/** Job runs, failures, a duration histogram, the last success and the shared registry (process metrics, build info). */
export function createMetrics(options: {
  serviceName: string;
  version: string;
}) {
  const registry = createRegistry(options);

  const runs = new client.Counter({
    name: 'worker_jobs_total',
    help: 'Job runs, by outcome (success or failure)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const errors = new client.Counter({
    name: 'worker_job_errors_total',
    help: 'Job runs that failed',
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 'worker_job_duration_seconds',
    help: 'Duration of one job run',
    buckets: BUCKETS,
    registers: [registry],
  });
  const lastSuccess = new client.Gauge({
    name: 'worker_last_success_timestamp_seconds',
    help: 'Unix time the job last succeeded',
    registers: [registry],
  });

  return {
    registry,
    observe(ok: boolean, seconds: number) {
      runs.inc({ outcome: ok ? 'success' : 'failure' });
      if (ok) lastSuccess.setToCurrentTime();
      else errors.inc();
      duration.observe(seconds);
    },
  };
}
