import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { LoggerService } from '@backstage/backend-plugin-api';
import { RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';

/** 5xx errors raised on purpose, with a message written for the caller. */
const DELIBERATE_5XX = new Set([
  'NotImplementedError',
  'ServiceUnavailableError',
]);

/** JSON.parse's messages, which quote the text they could not parse. */
const JSON_PARSE_FAILURE =
  /is not valid JSON|in JSON at position|Unexpected end of JSON input/;

/** The name and message of a serialized error, without its cause. */
function publicError(error: {
  name: string;
  message: string;
  cause?: unknown;
}) {
  if (error.name === 'SyntaxError' || JSON_PARSE_FAILURE.test(error.message)) {
    return { name: error.name, message: 'The request body is not valid JSON' };
  }
  // @backstage/errors appends "; caused by <cause>" to the message
  const causeAt = error.cause ? error.message.indexOf('; caused by ') : -1;
  return {
    name: error.name,
    message: causeAt < 0 ? error.message : error.message.slice(0, causeAt),
  };
}

/**
 * Rewrites error bodies as they leave the backend, whoever wrote them: every
 * plugin router has its own Backstage error handler (and the catalog's
 * OpenAPI router another), so replacing the root error handler alone would
 * miss them. Any other 5xx becomes "internal error" with a request id that
 * the log line of the original error carries, so no SQL or stack reaches the
 * caller (Backstage filters only PostgreSQL's errors, not SQLite's). Other
 * errors keep just their name and message: no stack, cause or extra
 * properties (body-parser's carry the request body), and a JSON parse error
 * (body-parser's, or an OpenAPI router's InputError) no longer quotes the
 * body it could not parse.
 */
export function hideInternalErrors(logger: LoggerService): RequestHandler {
  return (req, res, next) => {
    const json = res.json.bind(res);
    res.json = (body?: any) => {
      if (res.statusCode < 400) return json(body);
      const error = body?.error;
      if (res.statusCode >= 500 && !DELIBERATE_5XX.has(error?.name)) {
        const requestId = randomUUID();
        const detail = error
          ? `${error.name}: ${error.message}${
              error.stack ? `\n${error.stack}` : ''
            }`
          : JSON.stringify(body);
        logger.error(
          `${req.method} ${req.originalUrl} failed with status ${res.statusCode}, request id ${requestId}: ${detail}`,
          { requestId },
        );
        return json({
          error: {
            name: 'Error',
            message: `internal error, request id ${requestId}`,
          },
          request: { method: req.method, url: req.originalUrl },
          response: { statusCode: res.statusCode },
        });
      }
      if (!error || typeof error !== 'object') return json(body);
      return json({ ...body, error: publicError(error) });
    };
    next();
  };
}

/**
 * Backstage's root HTTP router with `hideInternalErrors` in front of every
 * route, except in development, where Backstage shows errors in full.
 */
export const rootHttpRouterWithoutInternalErrors = rootHttpRouterServiceFactory(
  {
    configure({ app, logger, applyDefaults }) {
      if (process.env.NODE_ENV !== 'development') {
        app.use(hideInternalErrors(logger));
      }
      applyDefaults();
    },
  },
);
