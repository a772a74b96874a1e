import { CustomErrorBase, InputError } from '@backstage/errors';
import express, { RequestHandler } from 'express';

/** A request over a configured size limit: answered with 413. */
export class PayloadTooLargeError extends CustomErrorBase {
  readonly statusCode = 413;
}

/** The config key of the body size limit, named in the 413 answer. */
export const MAX_BATCH_BYTES_KEY = 'delivery.events.maxBatchBytes';

/**
 * Answers body-parser's failures without its own errors, which carry the
 * request body (and JSON.parse's message quotes it): too large is a 413 naming
 * the limit, malformed JSON a 400.
 */
function withBodyErrors(
  parser: RequestHandler,
  maxBytes: number,
): RequestHandler {
  return (req, res, next) =>
    parser(req, res, (error?: any) => {
      if (error?.type === 'entity.too.large') {
        next(
          new PayloadTooLargeError(
            `The request body is larger than ${MAX_BATCH_BYTES_KEY} (${maxBytes} bytes)`,
          ),
        );
      } else if (error?.type === 'entity.parse.failed') {
        next(new InputError('The request body is not valid JSON'));
      } else {
        next(error);
      }
    });
}

/** Parses a JSON body of at most `maxBytes`. */
export const jsonBody = (maxBytes: number) =>
  withBodyErrors(express.json({ limit: maxBytes }), maxBytes);
