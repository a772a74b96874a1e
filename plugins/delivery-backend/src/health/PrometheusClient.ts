import { PrometheusInstance } from './healthConfig';

/** A Prometheus request that failed, with a reason fit to show (no URL, no credentials). */
export class PrometheusUnavailableError extends Error {
  name = 'PrometheusUnavailableError';
}

export interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
  activeAt?: string;
}

export interface PrometheusSample {
  metric: Record<string, string>;
  value: [number, string];
}

function describeFailure(
  instance: string,
  timeoutMs: number,
  error: unknown,
): string {
  const e = error as { name?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return `Prometheus '${instance}' did not answer within ${
      timeoutMs / 1000
    } s`;
  }
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') {
    return `Prometheus '${instance}' refused the connection (is it running?)`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `Prometheus '${instance}': its host name does not resolve`;
  }
  return `Prometheus '${instance}' could not be reached${
    code ? ` (${code})` : ''
  }`;
}

/** The API root without credentials, and basic auth when the base URL carries credentials. */
function apiOf(baseUrl: string) {
  const url = new URL(baseUrl);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    headers.authorization = `Basic ${Buffer.from(
      `${user}:${password}`,
    ).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  return { root: `${url.toString().replace(/\/+$/, '')}/api/v1`, headers };
}

/**
 * Reads Prometheus' HTTP API (`/api/v1/...`) of one instance, each request
 * bounded by `timeoutMs`. Credentials in the base URL are sent as basic auth.
 */
export class PrometheusClient {
  private readonly api: ReturnType<typeof apiOf>;

  constructor(
    private readonly instance: PrometheusInstance,
    private readonly timeoutMs: number,
  ) {
    this.api = apiOf(instance.baseUrl);
  }

  /** Every pending and firing alert. */
  async alerts(): Promise<PrometheusAlert[]> {
    const data = await this.get('alerts');
    return Array.isArray(data?.alerts) ? data.alerts : [];
  }

  /** An instant vector query. */
  async query(promql: string): Promise<PrometheusSample[]> {
    const data = await this.get(`query?query=${encodeURIComponent(promql)}`);
    return data?.resultType === 'vector' && Array.isArray(data.result)
      ? data.result
      : [];
  }

  private async get(path: string): Promise<any> {
    const { name } = this.instance;
    let response: Response;
    let body: any;
    try {
      response = await fetch(`${this.api.root}/${path}`, {
        headers: this.api.headers,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      body = await response.json().catch(() => undefined);
    } catch (e) {
      throw new PrometheusUnavailableError(
        describeFailure(name, this.timeoutMs, e),
      );
    }
    if (!response.ok || body?.status !== 'success') {
      const detail =
        typeof body?.error === 'string' ? `: ${body.error.slice(0, 200)}` : '';
      throw new PrometheusUnavailableError(
        `Prometheus '${name}' answered HTTP ${response.status}${detail}`,
      );
    }
    return body.data;
  }
}
