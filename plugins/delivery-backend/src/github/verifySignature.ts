import { AuthenticationError } from '@backstage/errors';
import { createHmac, timingSafeEqual } from 'crypto';

/** `X-Hub-Signature-256` for `body`: `sha256=` and the hex HMAC-SHA256 of the raw body. */
export function signPayload(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Checks GitHub's `X-Hub-Signature-256` header against the raw body in
 * constant time; throws an `AuthenticationError` unless it matches.
 */
export function verifySignature(
  secret: string,
  body: Buffer,
  header: string | undefined,
): void {
  if (!header) {
    throw new AuthenticationError(
      'Missing X-Hub-Signature-256 header: the webhook must be signed with the configured secret',
    );
  }
  const expected = Buffer.from(signPayload(secret, body));
  const actual = Buffer.from(header);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new AuthenticationError(
      'Invalid X-Hub-Signature-256: the payload is not signed with the configured secret',
    );
  }
}
