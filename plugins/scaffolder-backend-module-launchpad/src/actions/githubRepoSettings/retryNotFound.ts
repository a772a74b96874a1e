import { setTimeout as sleep } from 'node:timers/promises';

export async function withNotFoundRetry<T>(
  delaysMs: number[],
  fn: () => Promise<T>,
  retryable: (e: unknown) => boolean,
  onRetry: (attempt: number, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!retryable(e) || attempt >= delaysMs.length) throw e;
      onRetry(attempt + 1, delaysMs[attempt]);
      await sleep(delaysMs[attempt]);
    }
  }
}
