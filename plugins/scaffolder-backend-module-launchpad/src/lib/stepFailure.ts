import { isError } from '@backstage/errors';

/** An absolute server path (not the `//host/path` of a URL) in a message. */
const SERVER_PATH = /(^|[\s'"(=])(\/[^\s'"(),;]+)/g;

/**
 * What a step has already changed, so that a failure can say it. The scaffolder
 * writes a failed step's `error.stack` into the task log, which the user reads:
 * the error is rewritten to a plain sentence, without a stack trace or paths
 * of the server.
 */
export class StepProgress {
  private readonly done: string[] = [];

  record(what: string) {
    this.done.push(what);
  }

  /** Runs the step; a failure is rethrown as a plain error naming what was already done. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw this.describe(e);
    }
  }

  describe(e: unknown): Error {
    const error = isError(e) ? (e as Error) : new Error(String(e));
    const done = this.done.length
      ? ` Already done before the failure: ${this.done.join(
          '; ',
        )}. Running the task again continues from there without creating anything twice.`
      : ' Nothing was created.';
    const message = `${error.message.replace(
      SERVER_PATH,
      '$1<path on the server>',
    )}${error.message.endsWith('.') ? '' : '.'}${done}`;
    error.message = message;
    error.stack = `${error.name}: ${message}`;
    return error;
  }
}
