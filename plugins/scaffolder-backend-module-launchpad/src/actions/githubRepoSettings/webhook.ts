import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { describeGithubError } from '../../lib/github/errors';
import { GithubTarget, LaunchpadOctokitClient } from '../../lib/github/octokit';
import { Input } from './inputSchema';
import { ItemResult, sameSet } from './itemResult';
import { PERMISSIONS } from './permissions';

// Exactly the events Launchpad's delivery webhook route ingests.
export const DEFAULT_WEBHOOK_EVENTS = [
  'push',
  'pull_request',
  'deployment_status',
  'workflow_run',
  'issues',
];

export type WebhookSettings = { url: string; secret: string; events: string[] };

export function resolveWebhook(
  input: NonNullable<Input['webhook']>,
  config: Config,
): WebhookSettings {
  const url =
    input.url ?? config.getOptionalString('launchpad.github.webhookUrl');
  if (!url) {
    throw new InputError(
      'Invalid input: webhook.url: required when launchpad.github.webhookUrl is not configured',
    );
  }
  const secret = config.getOptionalString('launchpad.github.webhookSecret');
  if (!secret) {
    throw new InputError(
      'Invalid input: webhook: launchpad.github.webhookSecret must be configured; Launchpad does not create unsigned webhooks',
    );
  }
  return { url, secret, events: input.events ?? DEFAULT_WEBHOOK_EVENTS };
}

export async function reconcileWebhook(
  octokit: LaunchpadOctokitClient,
  { owner, repo }: GithubTarget,
  desired: WebhookSettings,
): Promise<ItemResult> {
  const errorFor = (e: unknown, what: string) =>
    describeGithubError(
      e,
      `${what} the Launchpad webhook of ${owner}/${repo}`,
      PERMISSIONS.webhook,
    );
  let hooks: Awaited<
    ReturnType<typeof octokit.rest.repos.listWebhooks>
  >['data'];
  try {
    hooks = await octokit.paginate(octokit.rest.repos.listWebhooks, {
      owner,
      repo,
      per_page: 100,
    });
  } catch (e) {
    throw errorFor(e, 'list webhooks to find');
  }
  const config = {
    url: desired.url,
    content_type: 'json',
    insecure_ssl: '0',
    secret: desired.secret,
  };
  // Sent on create and on update alike.
  const settings = { active: true, events: desired.events, config };
  const existing = hooks.find(h => h.config?.url === desired.url);
  if (!existing) {
    try {
      await octokit.rest.repos.createWebhook({
        owner,
        repo,
        name: 'web',
        ...settings,
      });
    } catch (e) {
      throw errorFor(e, 'create');
    }
    return { status: 'created' };
  }
  const matches =
    existing.active &&
    sameSet(existing.events, desired.events) &&
    existing.config.content_type === 'json' &&
    String(existing.config.insecure_ssl ?? '0') === '0';
  if (matches) {
    return {
      status: 'unchanged',
      detail: 'the secret is write-only and was not re-sent',
    };
  }
  try {
    await octokit.rest.repos.updateWebhook({
      owner,
      repo,
      hook_id: existing.id,
      ...settings,
    });
  } catch (e) {
    throw errorFor(e, 'update');
  }
  return { status: 'updated' };
}
