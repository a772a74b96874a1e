import { createLogger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import { appRoutes } from './routes.ts';
import { createHttpServer } from './server.ts';
import { setupTracing } from './tracing.ts';

const serviceName = process.env.SERVICE_NAME ?? '${{ values.name }}';
const version = process.env.SERVICE_VERSION ?? 'dev';
const environment = process.env.DEPLOY_ENVIRONMENT ?? 'local';
const port = Number(process.env.PORT ?? 8080);

const logger = createLogger({ service: serviceName, version, environment });
const tracing = setupTracing({ serviceName, version, environment });
let ready = false;

const server = createHttpServer({
  logger,
  metrics: createMetrics({ serviceName, version }),
  tracer: tracing.tracer,
  isReady: () => ready,
  routes: appRoutes(serviceName),
});

server.listen(port, () => {
  ready = true;
  logger.info('listening', { port });
});

// ECS sends SIGTERM before stopping a task: stop taking traffic, finish what
// is in flight, flush the spans.
process.once('SIGTERM', () => {
  ready = false;
  logger.info('shutting down');
  server.close(() => {
    tracing.shutdown().finally(() => process.exit(0));
  });
});
