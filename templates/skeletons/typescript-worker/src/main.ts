import { runJob } from './job.ts';
import { createLogger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import { createProbeServer } from './server.ts';
import { setupTracing } from './tracing.ts';
import { createWorker } from './worker.ts';

const serviceName = process.env.SERVICE_NAME ?? '${{ values.name }}';
const version = process.env.SERVICE_VERSION ?? 'dev';
const environment = process.env.DEPLOY_ENVIRONMENT ?? 'local';
const port = Number(process.env.PORT ?? 8080);
const intervalMs = Number(process.env.JOB_INTERVAL_SECONDS ?? ${{ values.intervalSeconds }}) * 1000;

const logger = createLogger({ service: serviceName, version, environment });
const tracing = setupTracing({ serviceName, version, environment });
const metrics = createMetrics({ serviceName, version });
const worker = createWorker({
  job: runJob,
  intervalMs,
  logger,
  metrics,
  tracer: tracing.tracer,
});
let ready = false;
const server = createProbeServer({ metrics, isReady: () => ready });

server.listen(port, () => {
  ready = true;
  worker.start();
  logger.info('worker started', { port, intervalMs });
});

// ECS sends SIGTERM before stopping a task: finish the run in progress,
// flush the spans.
process.once('SIGTERM', async () => {
  ready = false;
  logger.info('shutting down');
  await worker.stop();
  server.close(() => {
    tracing.shutdown().finally(() => process.exit(0));
  });
});
