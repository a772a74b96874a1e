import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  type Tracer,
} from '@opentelemetry/api';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import { sendJson, type Routes } from './routes.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
/** Probes and scrapes are not user traffic: they stay out of the SLIs and the logs. */
const INFRASTRUCTURE_ROUTES = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
]);

export function createHttpServer(deps: {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
  isReady: () => boolean;
  routes: Routes;
}): Server {
  const { logger, metrics, tracer } = deps;
  const routes: Routes = {
    ...deps.routes,
    'GET /healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }),
    'GET /readyz': (_req, res) =>
      deps.isReady()
        ? sendJson(res, 200, { status: 'ready' })
        : sendJson(res, 503, { status: 'not ready' }),
    'GET /metrics': async (_req, res) => {
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(await metrics.registry.metrics());
    },
  };

  return createServer((req, res) => {
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const key = `${method} ${path}`;
    const handler = routes[key];
    const route = handler ? path : 'unmatched';
    const header = req.headers['x-request-id'];
    const requestId =
      typeof header === 'string' && REQUEST_ID.test(header)
        ? header
        : randomUUID();
    res.setHeader('x-request-id', requestId);

    const parent = propagation.extract(context.active(), req.headers);
    tracer.startActiveSpan(
      `${method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': method, 'http.route': route },
      },
      parent,
      (span) => {
        const traceId = span.spanContext().traceId;
        const log = logger.child({ requestId, traceId });
        res.on('finish', () => {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          span.setAttribute('http.response.status_code', res.statusCode);
          if (res.statusCode >= 500)
            span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
          if (INFRASTRUCTURE_ROUTES.has(key)) return;
          metrics.observe(method, route, res.statusCode, seconds);
          log.info('request completed', {
            method,
            route,
            status: res.statusCode,
            durationMs: Math.round(seconds * 1000),
          });
        });
        if (!handler) {
          sendJson(res, 404, { error: 'not found', requestId });
          return;
        }
        Promise.resolve()
          .then(() => handler(req, res))
          .catch((error: unknown) => {
            log.error('request failed', {
              error: error instanceof Error ? error.message : String(error),
            });
            if (!res.headersSent) {
              sendJson(res, 500, { error: 'internal error', requestId });
            } else {
              res.end();
            }
          });
      },
    );
  });
}
