import { RootLoggerService } from '@backstage/backend-plugin-api';
import webhookExamples from '@octokit/webhooks-examples';
import { GITHUB_WEBHOOK_PATH } from '@internal/plugin-delivery-common';
import { createHmac } from 'crypto';
import { inspect } from 'util';

/** The events backend's ingress for GitHub webhooks. */
export const INGRESS = GITHUB_WEBHOOK_PATH;

/** `X-Hub-Signature-256` as GitHub computes it. */
export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A deep copy of GitHub's example payload, moved to `repository` (the test entity's by default). */
export function example(
  name: string,
  pick: (e: any) => boolean = () => true,
  repository = 'acme/svc',
): any {
  const found = (webhookExamples as any[])
    .find(w => w.name === name)
    .examples.find(pick);
  const copy = JSON.parse(JSON.stringify(found));
  copy.repository.full_name = repository;
  return copy;
}

/** Every log line of a backend, with its level and fields. */
export function captureLogs() {
  const lines: string[] = [];
  const capture = (level: string) => (message: string, meta?: unknown) =>
    void lines.push(`${level} ${message}${meta ? ` ${inspect(meta)}` : ''}`);
  const rootLogger: RootLoggerService = {
    error: capture('error'),
    warn: capture('warn'),
    info: capture('info'),
    debug: capture('debug'),
    child: () => rootLogger,
  };
  /** the lines above debug level */
  const visible = () => lines.filter(l => !l.startsWith('debug '));
  return { lines, visible, rootLogger };
}
