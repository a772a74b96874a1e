import type { IncomingMessage, ServerResponse } from 'node:http';

export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
) => void | Promise<void>;

/** Route key: `METHOD /path`. */
export type Routes = Record<string, Handler>;

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The service's own endpoints: add yours here. */
export function appRoutes(serviceName: string): Routes {
  return {
    'GET /': (_req, res) =>
      sendJson(res, 200, { service: serviceName, message: 'hello' }),
  };
}
