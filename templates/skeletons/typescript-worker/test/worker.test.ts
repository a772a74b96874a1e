import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { trace } from '@opentelemetry/api';
import { createLogger } from '../src/logger.ts';
import { createMetrics } from '../src/metrics.ts';
import { createProbeServer } from '../src/server.ts';
import { createWorker, type Job } from '../src/worker.ts';

function setup(job: Job, intervalMs = 5) {
  const lines: Record<string, unknown>[] = [];
  const metrics = createMetrics({ serviceName: 'under-test', version: 'test' });
  const worker = createWorker({
    job,
    intervalMs,
    logger: createLogger({ service: 'under-test' }, (line) =>
      lines.push(JSON.parse(line)),
    ),
    metrics,
    tracer: trace.getTracer('test'),
  });
  return { lines, metrics, worker };
}

/** Value of the series `name` whose labels include all of `labels`. */
async function sample(
  metrics: ReturnType<typeof createMetrics>,
  name: string,
  labels: Record<string, string> = {},
) {
  const metric = (await metrics.registry.getMetricsAsJSON()).find(
    (m) => m.name === name,
  );
  const value = metric?.values.find((v) =>
    Object.entries(labels).every(
      ([k, want]) => String((v.labels as Record<string, unknown>)[k]) === want,
    ),
  );
  return value?.value;
}

describe('a job run', () => {
  it('counts a success, its duration and the time of the last success', async () => {
    const { metrics, worker, lines } = setup(async () => {});
    await worker.runOnce();
    assert.equal(
      await sample(metrics, 'worker_jobs_total', { outcome: 'success' }),
      1,
    );
    assert.equal(await sample(metrics, 'worker_job_errors_total'), 0);
    assert.equal(
      await sample(metrics, 'worker_job_duration_seconds', { le: '0.3' }),
      1,
    );
    assert.ok(
      ((await sample(metrics, 'worker_last_success_timestamp_seconds')) ?? 0) >
        0,
    );
    const finished = lines.find((l) => l.message === 'job finished');
    assert.equal(finished?.ok, true);
    assert.match(String(finished?.runId), /^[0-9a-f-]{36}$/);
  });

  it('counts a failure as an error and logs it without stopping the worker', async () => {
    const { metrics, worker, lines } = setup(async () => {
      throw new Error('queue unreachable');
    });
    await worker.runOnce();
    assert.equal(
      await sample(metrics, 'worker_jobs_total', { outcome: 'failure' }),
      1,
    );
    assert.equal(await sample(metrics, 'worker_job_errors_total'), 1);
    assert.ok(
      lines.some((l) => l.level === 'error' && l.error === 'queue unreachable'),
    );
  });
});

describe('the schedule', () => {
  it('runs the job repeatedly, never two runs at once, and stop waits for the run in progress', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const { worker } = setup(async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setTimeout(resolve, 10));
      runs += 1;
      active -= 1;
    }, 1);
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 120));
    await worker.stop();
    const stoppedAt = runs;
    assert.ok(runs >= 3, `ran ${runs} times`);
    assert.equal(maxActive, 1);
    assert.equal(active, 0, 'no run is left in progress');
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(runs, stoppedAt, 'no run starts after stop');
  });
});

describe('the probe server', () => {
  let ready = false;
  const { metrics } = setup(async () => {});
  const server = createProbeServer({ metrics, isReady: () => ready });
  after(() => new Promise((resolve) => server.close(resolve)));

  it('answers /healthz, /readyz (503 until ready) and /metrics with the service label', async () => {
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/readyz`)).status, 503);
    ready = true;
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    const text = await (await fetch(`${base}/metrics`)).text();
    assert.match(
      text,
      /service_build_info\{version="test",service="under-test"\} 1/,
    );
    assert.equal((await fetch(`${base}/nothing`)).status, 404);
  });
});
