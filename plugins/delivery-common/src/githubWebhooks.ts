/**
 * The GitHub webhook events the delivery backend turns into delivery data.
 * The backend subscribes to their `github.<event>` topics of the events
 * system, and the repository webhooks Launchpad creates send exactly these.
 */
export const GITHUB_WEBHOOK_EVENTS = [
  'push',
  'pull_request',
  'deployment_status',
  'workflow_run',
  'workflow_job',
  'issues',
] as const;

/** One of {@link GITHUB_WEBHOOK_EVENTS}. */
export type GithubWebhookEvent = (typeof GITHUB_WEBHOOK_EVENTS)[number];

/**
 * Where GitHub delivers webhooks, under the backend's base URL: the events
 * backend's HTTP ingress for the `github` topic, whose signature validator
 * comes from `@backstage/plugin-events-backend-module-github`.
 */
export const GITHUB_WEBHOOK_PATH = '/api/events/http/github';
