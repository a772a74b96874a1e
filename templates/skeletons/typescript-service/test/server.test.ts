import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { trace } from '@opentelemetry/api';
import { createLogger } from '../src/logger.ts';
import { createMetrics } from '../src/metrics.ts';
import { appRoutes } from '../src/routes.ts';
import { createHttpServer } from '../src/server.ts';
import { setupTracing } from '../src/tracing.ts';

const lines: Record<string, unknown>[] = [];
let ready = true;
let base = '';
const tracing = setupTracing({
  serviceName: 'under-test',
  version: 'test',
  environment: 'test',
});
const server = createHttpServer({
  logger: createLogger({ service: 'under-test' }, (line) =>
    lines.push(JSON.parse(line)),
  ),
  metrics: createMetrics({ serviceName: 'under-test', version: 'test' }),
  tracer: trace.getTracer('test'),
  isReady: () => ready,
  routes: {
    ...appRoutes('under-test'),
    'GET /boom': () => {
      throw new Error('exploded');
    },
  },
});

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await tracing.shutdown();
});

describe('probes', () => {
  it('answers /healthz', async () => {
    const res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('answers /readyz with 503 until the service is ready', async () => {
    ready = false;
    assert.equal((await fetch(`${base}/readyz`)).status, 503);
    ready = true;
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
  });
});

describe('requests', () => {
  it('keeps a valid x-request-id and logs it with the trace id', async () => {
    const res = await fetch(`${base}/`, {
      headers: {
        'x-request-id': 'abc-123',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-request-id'), 'abc-123');
    const line = lines.find((l) => l.requestId === 'abc-123');
    assert.ok(line, 'a log line carries the request id');
    assert.equal(line.level, 'info');
    assert.equal(line.route, '/');
    assert.equal(line.status, 200);
    assert.equal(line.traceId, '0af7651916cd43dd8448eb211c80319c');
  });

  it('replaces an unusable x-request-id with a generated one', async () => {
    const res = await fetch(`${base}/`, {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('answers 404 for unknown paths under one route label', async () => {
    const res = await fetch(`${base}/no/such/path`);
    assert.equal(res.status, 404);
  });

  it('answers 500 without details when a handler throws, and logs the error', async () => {
    const res = await fetch(`${base}/boom`);
    assert.equal(res.status, 500);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.error, 'internal error');
    assert.ok(
      lines.some((l) => l.level === 'error' && l.error === 'exploded'),
      'the error is logged',
    );
  });
});

/** Value of the series `name` whose labels include all of `labels`, in any order. */
function sample(text: string, name: string, labels: Record<string, string>) {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) {
      return Number(match[3]);
    }
  }
  return undefined;
}

describe('/metrics', () => {
  it('exposes request count, errors and the latency histogram with the service label', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    const service = 'under-test';
    const ok = { method: 'GET', route: '/', service };
    assert.ok(
      (sample(text, 'http_requests_total', { ...ok, status_code: '200' }) ??
        0) >= 1,
    );
    assert.equal(
      sample(text, 'http_requests_total', {
        route: 'unmatched',
        status_code: '404',
        service,
      }),
      1,
    );
    assert.equal(
      sample(text, 'http_request_errors_total', { route: '/boom', service }),
      1,
    );
    assert.equal(
      sample(text, 'http_request_errors_total', { route: '/', service }),
      undefined,
      'successful requests are no errors',
    );
    assert.ok(
      (sample(text, 'http_request_duration_seconds_bucket', {
        ...ok,
        le: '0.3',
      }) ?? 0) >= 1,
    );
    assert.equal(
      sample(text, 'service_build_info', { version: 'test', service }),
      1,
    );
    assert.notEqual(
      sample(text, 'process_cpu_seconds_total', { service }),
      undefined,
    );
    assert.doesNotMatch(text, /route="\/healthz"/, 'probes are not counted');
  });
});
