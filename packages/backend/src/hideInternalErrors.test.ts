import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import express from 'express';
import { createServer, AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { rootHttpRouterWithoutInternalErrors } from './hideInternalErrors';

jest.setTimeout(60_000);

const SECRET = 'hunter2-bound-value';

type Knex = Awaited<ReturnType<TestDatabases['init']>>;

/** A plugin whose routes fail the ways real ones do. */
const failingPlugin = (knex: Knex) =>
  createBackendPlugin({
    pluginId: 'failing',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          const router = express.Router();
          router.use(express.json());
          router.get('/sql', (_req, res, next) => {
            knex('no_such_table')
              .where({ token: SECRET })
              .then(rows => res.json(rows), next);
          });
          router.post('/echo', (req, res) => {
            res.json(req.body);
          });
          router.get('/input', () => {
            throw new InputError(
              'limit: must be a whole number',
              new Error(`select * from tokens where token = '${SECRET}'`),
            );
          });
          router.post('/parse', () => {
            // what an OpenAPI router answers for a body JSON.parse refuses
            throw new InputError(
              `Unexpected token 'x', "{"token": x${SECRET}}" is not valid JSON`,
            );
          });
          router.get('/unavailable', () => {
            throw new ServiceUnavailableError('webhooks are disabled');
          });
          httpRouter.use(router);
          httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        },
      });
    },
  });

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe('rootHttpRouterWithoutInternalErrors', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  async function start(id: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(id);
    const port = await freePort();
    const lines: string[] = [];
    const rootLogger: RootLoggerService = {
      error: (message, meta) => void lines.push(`${message} ${inspect(meta)}`),
      warn: () => {},
      info: () => {},
      debug: () => {},
      child: () => rootLogger,
    };
    process.env.NODE_ENV = 'production';
    // startTestBackend starts the backend, then reads its own test server,
    // which it only has when the root HTTP router is not replaced as here;
    // it still stops the backend after the tests.
    await startTestBackend({
      features: [
        rootHttpRouterWithoutInternalErrors,
        failingPlugin(knex),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: `http://127.0.0.1:${port}`,
              listen: { host: '127.0.0.1', port },
            },
          },
        }),
        createServiceFactory({
          service: coreServices.rootLogger,
          deps: {},
          factory: () => rootLogger,
        }),
      ],
    }).catch(error => {
      if (!/TestBackend server is not available/.test(error.message)) {
        throw error;
      }
    });
    const call = async (path: string, init?: RequestInit) => {
      const res = await fetch(
        `http://127.0.0.1:${port}/api/failing${path}`,
        init,
      );
      return { status: res.status, text: await res.text() };
    };
    return { knex, call, lines };
  }

  it.each(databases.eachSupportedId())(
    'answers a database error with "internal error" and a request id that is logged, %p',
    async id => {
      const { knex, call, lines } = await start(id);
      const { status, text } = await call('/sql');
      expect(status).toBe(500);
      const body = JSON.parse(text);
      expect(body.error.message).toMatch(
        /^internal error, request id [0-9a-f-]{36}$/,
      );
      for (const leak of ['no_such_table', 'select', SECRET, 'stack']) {
        expect(text).not.toContain(leak);
      }
      const requestId = body.error.message.split(' ').pop();
      const logged = lines.find(l => l.includes(requestId))!;
      expect(logged).toContain('GET /api/failing/sql failed with status 500');
      // Backstage itself replaces PostgreSQL's errors by a logId: the line
      // with that id has the original
      const logId = logged.match(/logId=(\w+)/)?.[1];
      const original = logId
        ? lines.find(l => l.includes(logId) && l !== logged)
        : logged;
      expect(original).toContain('no_such_table');
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps only the name and message of other errors, without the request body, %p',
    async id => {
      const { knex, call } = await start(id);
      const malformed = await call('/echo', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"token": "${SECRET}" oops`,
      });
      expect(malformed.status).toBe(400);
      expect(JSON.parse(malformed.text).error).toEqual({
        name: 'SyntaxError',
        message: 'The request body is not valid JSON',
      });
      expect(malformed.text).not.toContain(SECRET);

      const parse = await call('/parse', { method: 'POST' });
      expect(parse.status).toBe(400);
      expect(JSON.parse(parse.text).error).toEqual({
        name: 'InputError',
        message: 'The request body is not valid JSON',
      });

      const input = await call('/input');
      expect(input.status).toBe(400);
      expect(JSON.parse(input.text).error).toEqual({
        name: 'InputError',
        message: 'limit: must be a whole number',
      });
      expect(input.text).not.toContain(SECRET);

      const unavailable = await call('/unavailable');
      expect(unavailable.status).toBe(503);
      expect(JSON.parse(unavailable.text).error).toEqual({
        name: 'ServiceUnavailableError',
        message: 'webhooks are disabled',
      });
      await knex.destroy();
    },
  );
});
