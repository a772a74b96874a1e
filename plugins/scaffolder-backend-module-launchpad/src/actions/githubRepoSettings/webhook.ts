import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  GITHUB_WEBHOOK_EVENTS,
  GITHUB_WEBHOOK_PATH,
} from '@internal/plugin-delivery-common';
import { describeGithubError } from '../../lib/github/errors';
import { GithubTarget, LaunchpadOctokitClient } from '../../lib/github/octokit';
import { Input } from './inputSchema';
import { ItemResult, sameSet } from './itemResult';
import { PERMISSIONS } from './permissions';

export type WebhookSettings = { url: string; secret: string; events: string[] };

/**
 * The webhook to Launchpad: by default to the events backend's GitHub
 * ingress under `backend.baseUrl`, signed with the secret that ingress
 * checks (`events.modules.github.webhookSecret`), for exactly the events the
 * delivery backend handles.
 */
export function resolveWebhook(
  input: NonNullable<Input['webhook']>,
  config: Config,
): WebhookSettings {
  const baseUrl = config.getOptionalString('backend.baseUrl');
  const url =
    input.url ??
    config.getOptionalString('launchpad.github.webhookUrl') ??
    (baseUrl && `${baseUrl.replace(/\/+$/, '')}${GITHUB_WEBHOOK_PATH}`);
  if (!url) {
    throw new InputError(
      'Invalid input: webhook.url: required when neither launchpad.github.webhookUrl nor backend.baseUrl is configured',
    );
  }
  const secret =
    config.getOptionalString('launchpad.github.webhookSecret') ??
    config.getOptionalString('events.modules.github.webhookSecret');
  if (!secret) {
    throw new InputError(
      'Invalid input: webhook: events.modules.github.webhookSecret must be configured; Launchpad does not create unsigned webhooks',
    );
  }
  return {
    url,
    secret,
    events: input.events ?? [...GITHUB_WEBHOOK_EVENTS],
  };
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
