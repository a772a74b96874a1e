import { createServer, type Server } from 'node:http';
import type { Metrics } from './metrics.ts';

/** Health, readiness and metrics for the platform; the worker serves no other HTTP. */
export function createProbeServer(deps: {
  metrics: Metrics;
  isReady: () => boolean;
}): Server {
  return createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/metrics') {
      res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
      res.end(await deps.metrics.registry.metrics());
      return;
    }
    const status =
      req.method !== 'GET'
        ? 405
        : path === '/healthz'
          ? 200
          : path === '/readyz'
            ? deps.isReady()
              ? 200
              : 503
            : 404;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status }));
  });
}
