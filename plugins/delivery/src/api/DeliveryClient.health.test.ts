import { ResponseError } from '@backstage/errors';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { failingHealth } from '../components/health/__testUtils__/healthResponses';
import { DeliveryClient } from './DeliveryClient';

const baseUrl = 'http://localhost:7007/api/delivery';

describe('DeliveryClient.getServiceHealth', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const client = new DeliveryClient({
    discoveryApi: {
      getBaseUrl: async pluginId => `http://localhost:7007/api/${pluginId}`,
    },
    fetchApi: new MockFetchApi(),
  });

  it('asks GET /service-health for the entity', async () => {
    const requests: URL[] = [];
    server.use(
      http.get(`${baseUrl}/service-health`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(failingHealth);
      }),
    );
    await expect(
      client.getServiceHealth('component:default/payments-api'),
    ).resolves.toEqual(failingHealth);
    expect(requests.map(r => r.searchParams.get('entityRef'))).toEqual([
      'component:default/payments-api',
    ]);
  });

  it('throws the backend error as a ResponseError', async () => {
    server.use(
      http.get(`${baseUrl}/service-health`, () =>
        HttpResponse.json(
          {
            error: { name: 'InputError', message: 'Invalid query: entityRef' },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const error = await client.getServiceHealth('x').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.body.error.message).toBe('Invalid query: entityRef');
  });
});
