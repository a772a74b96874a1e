import autocannon from 'autocannon';

/** What one kind of traffic achieved. */
export type Figures = {
  requests: number;
  requestsPerSecond: number;
  /** Requests answered 2xx. */
  succeeded: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Connection errors, timeouts and answers other than 2xx. */
  errors: number;
  /** The errors by kind, in words. */
  errorKinds: string;
  seconds: number;
  /** The backend's CPU time per request, where measured (Linux). */
  backendCpuMsPerRequest?: number;
};

const errorKinds = (kinds: {
  timeouts: number;
  non2xx: number;
  connectionErrors: number;
}) =>
  `${kinds.timeouts} timeouts, ${kinds.non2xx} answers other than 2xx, ${kinds.connectionErrors} other connection errors`;

/** Latency over `SLOW_MS` in the timeline of `LOAD_TIMELINE=1`. */
const SLOW_MS = 100;

/**
 * With `LOAD_TIMELINE` set, prints each second of the traffic (wall clock,
 * so that a whole minute shows): its requests, those slower than `SLOW_MS`
 * and the slowest, to see when the slow requests came.
 */
function watchTimeline(instance: autocannon.Instance): () => void {
  if (!process.env.LOAD_TIMELINE) return () => {};
  const seconds = new Map<number, number[]>();
  instance.on('response', (_client, _status, _bytes, latencyMs) => {
    const second = Math.floor(Date.now() / 1000);
    const latencies = seconds.get(second) ?? [];
    latencies.push(latencyMs);
    seconds.set(second, latencies);
  });
  return () => {
    for (const [second, latencies] of seconds) {
      const time = new Date(second * 1000).toISOString().slice(11, 19);
      const slow = latencies.filter(ms => ms > SLOW_MS).length;
      console.log(
        `  ${time}  ${
          latencies.length
        } requests, ${slow} over ${SLOW_MS} ms, slowest ${Math.round(
          Math.max(...latencies),
        )} ms`,
      );
    }
  };
}

/**
 * Runs `connections` clients against the backend for `seconds` (or until
 * they made `amount` requests in all), each request made by `nextRequest`
 * (path, and body for a POST).
 */
export async function hammer(options: {
  baseUrl: string;
  token: string;
  connections: number;
  seconds: number;
  amount?: number;
  method: 'GET' | 'POST';
  nextRequest: () => { path: string; body?: string };
}): Promise<Figures> {
  let printTimeline = () => {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        duration: options.seconds,
        amount: options.amount,
        method: options.method,
        headers: {
          authorization: `Bearer ${options.token}`,
          'content-type': 'application/json',
        },
        requests: [
          {
            setupRequest: request => ({ ...request, ...options.nextRequest() }),
          },
        ],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    printTimeline = watchTimeline(instance);
  });
  printTimeline();
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    succeeded: result['2xx'],
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors + result.non2xx,
    // autocannon counts timeouts among its errors
    errorKinds: errorKinds({
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      connectionErrors: result.errors - result.timeouts,
    }),
    seconds: result.duration,
  };
}

/** Linear-interpolation percentile of a non-empty list of numbers. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

const POST_TIMEOUT_MS = 60_000;

/**
 * One client posting `nextBody()` to `path` back to back until `until`
 * (epoch ms), timing each request.
 */
export async function postBackToBack(options: {
  baseUrl: string;
  token: string;
  path: string;
  nextBody: () => string;
  until: number;
}): Promise<Figures> {
  const latencies: number[] = [];
  const kinds = { timeouts: 0, non2xx: 0, connectionErrors: 0 };
  const started = Date.now();
  while (Date.now() < options.until) {
    const body = options.nextBody();
    const sent = performance.now();
    const outcome = await fetch(`${options.baseUrl}${options.path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.token}`,
        'content-type': 'application/json',
      },
      body,
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    }).then(
      async res => {
        await res.arrayBuffer();
        return res.ok ? 'ok' : 'non2xx';
      },
      e =>
        (e as Error).name === 'TimeoutError' ? 'timeouts' : 'connectionErrors',
    );
    latencies.push(performance.now() - sent);
    if (outcome !== 'ok') kinds[outcome]++;
  }
  const errors = kinds.timeouts + kinds.non2xx + kinds.connectionErrors;
  const seconds = (Date.now() - started) / 1000;
  return {
    requests: latencies.length,
    requestsPerSecond: latencies.length / seconds,
    succeeded: latencies.length - errors,
    p50Ms: latencies.length ? percentile(latencies, 0.5) : NaN,
    p99Ms: latencies.length ? percentile(latencies, 0.99) : NaN,
    maxMs: latencies.length ? Math.max(...latencies) : NaN,
    errors,
    errorKinds: errorKinds(kinds),
    seconds,
  };
}

/** Sends one request and fails unless it is answered 2xx. */
export async function send(options: {
  baseUrl: string;
  token: string;
  path: string;
  body?: string;
}): Promise<unknown> {
  const res = await fetch(`${options.baseUrl}${options.path}`, {
    method: options.body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${options.token}`,
      'content-type': 'application/json',
    },
    body: options.body,
    signal: AbortSignal.timeout(POST_TIMEOUT_MS),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(
      `${options.path} answered ${res.status}: ${text.slice(0, 500)}`,
    );
  }
  return text ? JSON.parse(text) : undefined;
}

/** Polls `check` every second until it returns true, or fails after `timeoutMs`. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}
