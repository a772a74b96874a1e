import { LoggerService } from '@backstage/backend-plugin-api';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { RateLimit } from './SyncStateStore';

const SyncOctokit = Octokit.plugin(throttling, retry);
type SyncOctokitInstance = InstanceType<typeof SyncOctokit>;

export interface GithubClientOptions {
  /**
   * Milliseconds waited per second GitHub asks to wait (`Retry-After`,
   * `x-ratelimit-reset`) and per unit of the retry back-off. 1000 in
   * production; tests make it small so that nothing really sleeps.
   */
  retryAfterBaseMs?: number;
  /** Longest wait for a rate limit, in seconds; beyond it the sync gives up until the next run. Default 60. */
  maxRateLimitWaitSeconds?: number;
  /** Retries of a server error (5xx) or network failure. Default 3. */
  retries?: number;
}

/** One page of a list, or "not modified" for a conditional request (304, not counted by GitHub). */
export type PageResult =
  | { notModified: true }
  | {
      notModified: false;
      data: any;
      etag?: string;
      /** the next page's number, when there is one */
      nextPage?: number;
      /** the last page's number, as GitHub's Link header gives it */
      lastPage?: number;
    };

/** A GitHub request that failed, with a message fit for logs and the sync status (never a token). */
export class GithubSyncError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'GithubSyncError';
  }
}

function pageOf(link: string | undefined, rel: string): number | undefined {
  const match = link
    ?.split(',')
    .find(part => part.includes(`rel="${rel}"`))
    ?.match(/[?&]page=(\d+)/);
  return match ? Number(match[1]) : undefined;
}

function rateLimitOf(
  host: string,
  headers: Record<string, unknown> | undefined,
): RateLimit | undefined {
  const remaining = headers?.['x-ratelimit-remaining'];
  const limit = headers?.['x-ratelimit-limit'];
  const reset = headers?.['x-ratelimit-reset'];
  if (remaining === undefined || limit === undefined || reset === undefined) {
    return undefined;
  }
  return {
    host,
    remaining: Number(remaining),
    limit: Number(limit),
    resetAt: Number(reset) * 1000,
    updatedAt: Date.now(),
  };
}

/**
 * The API of one GitHub host (github.com, or a GitHub Enterprise server by
 * its `apiBaseUrl`): one octokit with the throttling and retry plugins,
 * built once and shared by every repository of the host. Each request
 * carries the credentials of its repository (a token, or the GitHub App
 * installation of its owner), which the credentials provider caches.
 */
export class GithubClient {
  /** The budget GitHub reported with the latest response. */
  rateLimit?: RateLimit;

  constructor(
    readonly host: string,
    private readonly octokit: SyncOctokitInstance,
    private readonly credentials: GithubCredentialsProvider,
  ) {}

  /**
   * GETs `route` (a path template such as
   * `/repos/{owner}/{repo}/deployments`) for one repository; with `etag`,
   * conditionally.
   */
  async get(
    route: string,
    params: { owner: string; repo: string } & Record<
      string,
      string | number | undefined
    >,
    etag?: string,
  ): Promise<PageResult> {
    const path = `${params.owner}/${params.repo}`;
    let headers: Record<string, string> | undefined;
    try {
      ({ headers } = await this.credentials.getCredentials({
        url: `https://${this.host}/${path}`,
      }));
    } catch (e) {
      throw new GithubSyncError(
        `No GitHub credentials for ${this.host}/${path}: ${
          (e as Error).message
        }`,
      );
    }
    try {
      const response = await this.octokit.request(`GET ${route}`, {
        ...params,
        headers: { ...headers, ...(etag ? { 'if-none-match': etag } : {}) },
      });
      this.rateLimit =
        rateLimitOf(this.host, response.headers) ?? this.rateLimit;
      const link = response.headers.link;
      return {
        notModified: false,
        data: response.data,
        etag: response.headers.etag,
        nextPage: pageOf(link, 'next'),
        lastPage: pageOf(link, 'last'),
      };
    } catch (e) {
      const error = e as {
        status?: number;
        message?: string;
        response?: { headers?: Record<string, unknown> };
      };
      this.rateLimit =
        rateLimitOf(this.host, error.response?.headers) ?? this.rateLimit;
      if (error.status === 304) return { notModified: true };
      throw this.describe(route, path, error, Boolean(headers));
    }
  }

  private describe(
    route: string,
    path: string,
    error: {
      status?: number;
      message?: string;
      response?: { headers?: Record<string, unknown> };
    },
    authenticated: boolean,
  ): GithubSyncError {
    const what = `GET ${route.replace('{owner}/{repo}', path)}`;
    const status = error.status;
    if (status === undefined) {
      return new GithubSyncError(
        `${what} failed: ${error.message ?? 'no response'}`,
      );
    }
    if (!authenticated && [401, 403, 404].includes(status)) {
      return new GithubSyncError(
        `GitHub answered ${status} to ${what}, sent without credentials: no token or GitHub App installation of integrations.github for ${this.host} covers ${path}`,
        status,
      );
    }
    if (status === 401) {
      return new GithubSyncError(
        `GitHub rejected the credentials for ${this.host} (401) on ${what}: check integrations.github`,
        status,
      );
    }
    const rateLimited =
      (status === 403 || status === 429) &&
      (error.response?.headers?.['x-ratelimit-remaining'] === '0' ||
        /rate limit/i.test(error.message ?? ''));
    if (rateLimited) {
      const reset = this.rateLimit?.resetAt;
      return new GithubSyncError(
        `GitHub's rate limit for ${
          this.host
        } is exhausted (${status} on ${what})${
          reset ? `; it resets at ${new Date(reset).toISOString()}` : ''
        }`,
        status,
      );
    }
    if (status === 403 || status === 404) {
      return new GithubSyncError(
        `GitHub answered ${status} to ${what}: the credentials for ${this.host} cannot read ${path}, or it does not exist`,
        status,
      );
    }
    return new GithubSyncError(
      `GitHub answered ${status} to ${what}${
        status >= 500 ? ' (after retries)' : ''
      }: ${error.message ?? ''}`.trim(),
      status,
    );
  }
}

/** The clients of every GitHub host in `integrations.github`, each built on first use. */
export class GithubClients {
  private readonly clients = new Map<string, GithubClient>();

  constructor(
    private readonly integrations: ScmIntegrationRegistry,
    private readonly credentials: GithubCredentialsProvider,
    private readonly logger: LoggerService,
    private readonly options: GithubClientOptions = {},
  ) {}

  forHost(host: string): GithubClient {
    const existing = this.clients.get(host);
    if (existing) return existing;
    const integration = this.integrations.github.byHost(host);
    if (!integration) {
      throw new GithubSyncError(
        `No integrations.github entry for ${host}: add one with a token or a GitHub App`,
      );
    }
    const {
      retryAfterBaseMs = 1000,
      maxRateLimitWaitSeconds = 60,
      retries = 3,
    } = this.options;
    const onLimit =
      (kind: string) =>
      (
        retryAfter: number,
        options: { url?: string },
        _o: unknown,
        n: number,
      ) => {
        const wait = n < 2 && retryAfter <= maxRateLimitWaitSeconds;
        this.logger.warn(
          `GitHub ${kind} on ${host} for ${options.url}: ${
            wait
              ? `retrying in ${retryAfter} s`
              : 'giving up until the next run'
          }`,
        );
        return wait as unknown as void;
      };
    const quiet = () => {};
    const octokit = new SyncOctokit({
      baseUrl: integration.config.apiBaseUrl,
      userAgent: 'launchpad-delivery-sync',
      log: {
        debug: quiet,
        info: quiet,
        warn: (m: string) => this.logger.warn(m),
        error: quiet,
      },
      throttle: {
        id: `delivery-sync-${host}`,
        retryAfterBaseValue: retryAfterBaseMs,
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
      },
      retry: {
        retries,
        retryAfterBaseValue: retryAfterBaseMs,
        // 429 is a secondary rate limit too: waited for below, as Retry-After says
        doNotRetry: [400, 401, 403, 404, 422, 429, 451],
      },
    });
    // the throttling plugin handles a secondary rate limit answered with 403 only
    const onSecondaryRateLimit = onLimit('secondary rate limit');
    octokit.hook.wrap('request', async (request, options) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await request(options);
        } catch (e) {
          const error = e as {
            status?: number;
            response?: { headers?: Record<string, unknown> };
          };
          const retryAfter = Number(
            error.response?.headers?.['retry-after'] ?? 60,
          );
          const waitFor =
            error.status === 429 &&
            (onSecondaryRateLimit(
              retryAfter,
              options,
              octokit,
              attempt,
            ) as unknown as boolean);
          if (!waitFor) throw e;
          await new Promise(r => setTimeout(r, retryAfter * retryAfterBaseMs));
        }
      }
    });
    const client = new GithubClient(host, octokit, this.credentials);
    this.clients.set(host, client);
    return client;
  }

  /** The budgets the clients have seen. */
  rateLimits(): RateLimit[] {
    return [...this.clients.values()]
      .map(c => c.rateLimit)
      .filter((r): r is RateLimit => r !== undefined);
  }
}
