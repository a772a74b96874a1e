import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  pipelineRunsResponse,
  pipelineSummaryResponse,
} from '../__testUtils__/responses';
import { DeliveryClient } from './DeliveryClient';

const baseUrl = 'http://localhost:7007/api/delivery';

describe('DeliveryClient pipeline runs', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const requests: URL[] = [];
  const client = new DeliveryClient({
    discoveryApi: {
      getBaseUrl: async pluginId => `http://localhost:7007/api/${pluginId}`,
    },
    fetchApi: new MockFetchApi(),
  });

  beforeEach(() => {
    requests.length = 0;
    server.use(
      http.get(`${baseUrl}/pipeline-runs`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(pipelineRunsResponse);
      }),
      http.get(`${baseUrl}/pipeline-runs/summary`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(pipelineSummaryResponse);
      }),
    );
  });

  it('asks for a filtered page of runs', async () => {
    const page = await client.getPipelineRuns({
      entityRef: 'component:default/payments-api',
      from: new Date('2026-10-21T00:00:00Z'),
      to: new Date('2026-11-20T00:00:00Z'),
      workflow: 'ci',
      branch: 'main',
      status: 'failure',
      shas: ['abc1234', 'def5678'],
      limit: 20,
      offset: 40,
    });
    expect(page).toEqual(pipelineRunsResponse);
    expect(Object.fromEntries(requests[0].searchParams)).toEqual({
      entityRef: 'component:default/payments-api',
      from: '2026-10-21T00:00:00.000Z',
      to: '2026-11-20T00:00:00.000Z',
      workflow: 'ci',
      branch: 'main',
      status: 'failure',
      sha: 'abc1234,def5678',
      limit: '20',
      offset: '40',
    });
  });

  it("asks for each workflow's figures over the window", async () => {
    expect(
      await client.getPipelineSummary({
        entityRef: 'component:default/payments-api',
        from: new Date('2026-10-21T00:00:00Z'),
      }),
    ).toEqual(pipelineSummaryResponse);
    expect(Object.fromEntries(requests[0].searchParams)).toEqual({
      entityRef: 'component:default/payments-api',
      from: '2026-10-21T00:00:00.000Z',
    });
  });

  it('throws the backend error', async () => {
    server.use(
      http.get(`${baseUrl}/pipeline-runs`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'Invalid query: status: bad',
            },
          },
          { status: 400 },
        ),
      ),
    );
    await expect(
      client.getPipelineRuns({ entityRef: 'component:default/x' }),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 400 });
  });
});
