import { randomUUID } from 'node:crypto';
import { SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';

export type Job = (log: Logger) => Promise<void>;

/**
 * Runs the job every intervalMs, one run at a time (a run that overruns the
 * interval delays the next one instead of overlapping it). Each run gets a
 * run id in its logs, a span, and its outcome and duration in the metrics.
 */
export function createWorker(deps: {
  job: Job;
  intervalMs: number;
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
}) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  const runOnce = () =>
    deps.tracer.startActiveSpan('job run', async (span) => {
      const log = deps.logger.child({
        runId: randomUUID(),
        traceId: span.spanContext().traceId,
      });
      const started = process.hrtime.bigint();
      let ok = true;
      try {
        await deps.job(log);
      } catch (error) {
        ok = false;
        span.setStatus({ code: SpanStatusCode.ERROR });
        log.error('job failed', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      deps.metrics.observe(ok, seconds);
      log.info('job finished', { ok, durationMs: Math.round(seconds * 1000) });
      span.end();
    });

  const tick = () => {
    running = runOnce().finally(() => {
      running = undefined;
      if (!stopped) timer = setTimeout(tick, deps.intervalMs);
    });
  };

  return {
    runOnce,
    start() {
      stopped = false;
      tick();
    },
    /** Stops scheduling and waits for a run in progress to finish. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
