import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { parseRepoUrl } from '@backstage/plugin-scaffolder-node';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { GithubAccess } from './githubAccess';

export const LaunchpadOctokit = Octokit.plugin(throttling, retry);
export type LaunchpadOctokitClient = InstanceType<typeof LaunchpadOctokit>;

export type GithubTarget = {
  host: string;
  owner: string;
  repo: string;
  apiBaseUrl: string;
};

/** Parses a RepoUrlPicker value (github.com?owner=o&repo=r) against integrations.github. */
export function resolveGithubTarget(
  repoUrl: string,
  integrations: ScmIntegrationRegistry,
): GithubTarget {
  let parsed: ReturnType<typeof parseRepoUrl>;
  try {
    parsed = parseRepoUrl(repoUrl, integrations);
  } catch (e) {
    throw new InputError(`Invalid input: repoUrl: ${(e as Error).message}`);
  }
  const { host, owner, repo } = parsed;
  if (!owner) {
    throw new InputError('Invalid input: repoUrl: missing owner');
  }
  const integration = integrations.github.byHost(host);
  if (!integration) {
    throw new InputError(
      `Invalid input: repoUrl: no GitHub integration for host ${host} in integrations.github`,
    );
  }
  return { host, owner, repo, apiBaseUrl: integration.config.apiBaseUrl! };
}

/**
 * Picks the token: the user's (RepoUrlPicker requestUserCredentials) when
 * given, else the integration's (token or GitHub App) for this repository.
 */
export async function resolveGithubToken(options: {
  target: Pick<GithubTarget, 'host' | 'owner' | 'repo'>;
  access: GithubAccess;
  userToken?: string;
}): Promise<string> {
  const { target, access, userToken } = options;
  if (userToken) {
    return userToken;
  }
  const { token } = await access.credentialsProvider.getCredentials({
    url: `https://${target.host}/${encodeURIComponent(
      target.owner,
    )}/${encodeURIComponent(target.repo)}`,
  });
  if (!token) {
    throw new InputError(
      `No GitHub credentials for ${target.host}/${target.owner}/${target.repo}: configure a token or GitHub App in integrations.github, or pass the user's token (RepoUrlPicker requestUserCredentials) as input.token`,
    );
  }
  return token;
}

/**
 * An Octokit with the throttling plugin (waits out primary and secondary rate
 * limits, a bounded number of times) and the retry plugin (5xx and network errors).
 */
export function createOctokit(options: {
  token: string;
  baseUrl: string;
  logger: LoggerService;
  maxRateLimitRetries?: number;
  /** Merged into the throttling plugin's options (tests replace its 1 s spacing of writes). */
  throttleOverrides?: Record<string, unknown>;
}): LaunchpadOctokitClient {
  const { token, baseUrl, logger } = options;
  const maxRateLimitRetries = options.maxRateLimitRetries ?? 2;
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      requestOptions: any,
      _octokit: any,
      retryCount: number,
    ) => {
      const willRetry = retryCount < maxRateLimitRetries;
      logger.warn(
        `GitHub ${kind} rate limit hit on ${requestOptions.method} ${
          requestOptions.url
        }; ${willRetry ? `retrying after ${retryAfter}s` : 'giving up'}`,
      );
      return willRetry;
    };
  return new LaunchpadOctokit({
    auth: token,
    baseUrl,
    throttle: {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      ...options.throttleOverrides,
    },
    // Octokit's own request log is silenced: our log says what changed.
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => logger.warn(message),
      error: (message: string) => logger.error(message),
    },
  });
}

/** The token and an Octokit for one repository, from the module's shared credentials. */
export async function connectGithub(options: {
  access: GithubAccess;
  target: Pick<GithubTarget, 'host' | 'owner' | 'repo'>;
  logger: LoggerService;
  userToken?: string;
  throttleOverrides?: Record<string, unknown>;
}): Promise<{ token: string; octokit: LaunchpadOctokitClient }> {
  const { access, target, logger } = options;
  const integration = access.integrations.github.byHost(target.host);
  if (!integration) {
    throw new InputError(
      `No GitHub integration for host ${target.host} in integrations.github`,
    );
  }
  const token = await resolveGithubToken({
    target,
    access,
    userToken: options.userToken,
  });
  const octokit = createOctokit({
    token,
    baseUrl: integration.config.apiBaseUrl!,
    logger,
    throttleOverrides: options.throttleOverrides,
  });
  return { token, octokit };
}
