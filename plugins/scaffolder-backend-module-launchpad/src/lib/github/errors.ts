import {
  AuthenticationError,
  InputError,
  NotAllowedError,
} from '@backstage/errors';

type OctokitError = Error & {
  status?: number;
  response?: { data?: { message?: string } };
};

export const statusOf = (e: unknown): number | undefined =>
  (e as OctokitError)?.status;

export const githubMessageOf = (e: unknown): string =>
  (e as OctokitError)?.response?.data?.message ??
  (e as Error)?.message ??
  String(e);

/**
 * A feature the repository's plan does not include (branch protection or
 * environment reviewers on a private repository of a free plan). Reported as a
 * warning: the rest of the configuration still applies.
 */
export class PlanLimitationError extends Error {
  name = 'PlanLimitationError';
}

const PLAN_LIMITATION =
  /upgrade to github pro|make this repository public|billing plan|not available for (this|private) repositor/i;

/**
 * Turns an Octokit error into a Backstage error that says what was refused and
 * which permission the token needs. GitHub answers 404 instead of 403 when a
 * token lacks access, so both name the permission.
 */
export function describeGithubError(
  e: unknown,
  what: string,
  permission: string,
): Error {
  const status = statusOf(e);
  const message = githubMessageOf(e);
  if (
    (status === 403 || status === 404 || status === 422) &&
    PLAN_LIMITATION.test(message)
  ) {
    return new PlanLimitationError(
      `${what} is not available on this repository's plan: ${message}`,
    );
  }
  if (status === 401) {
    return new AuthenticationError(
      `GitHub rejected the credentials while trying to ${what}: ${message}`,
    );
  }
  if (status === 403 || status === 404) {
    return new NotAllowedError(
      `GitHub refused to ${what} (HTTP ${status}: ${message}). The token needs ${permission}.`,
    );
  }
  if (status === 422) {
    return new InputError(`GitHub rejected the request to ${what}: ${message}`);
  }
  return e instanceof Error ? e : new Error(String(e));
}
