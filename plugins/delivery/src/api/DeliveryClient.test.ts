import { ResponseError } from '@backstage/errors';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  changesResponse,
  countedDeploymentsResponse,
  deploymentsResponse,
  groupMetricsResponse,
  incidentsResponse,
  metricsResponse,
  organisationMetricsResponse,
  pipelineRunsResponse,
  pipelineSummaryResponse,
  seriesResponse,
  syncedResponse,
} from '../__testUtils__/responses';
import { DeliveryClient } from './DeliveryClient';

const baseUrl = 'http://localhost:7007/api/delivery';

describe('DeliveryClient', () => {
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
      http.get(`${baseUrl}/metrics`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(metricsResponse);
      }),
      http.get(`${baseUrl}/metrics/series`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(seriesResponse);
      }),
      http.get(`${baseUrl}/deployments`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(deploymentsResponse);
      }),
      http.get(`${baseUrl}/pipeline-runs`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(pipelineRunsResponse);
      }),
      http.get(`${baseUrl}/pipeline-runs/summary`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(pipelineSummaryResponse);
      }),
      http.get(`${baseUrl}/incidents`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(incidentsResponse);
      }),
    );
  });

  it('asks for the metrics of an entity over a window', async () => {
    const result = await client.getMetrics({
      entityRef: 'component:default/payments-api',
      from: new Date('2026-10-21T00:00:00Z'),
      to: new Date('2026-11-20T00:00:00Z'),
      reportYear: 2023,
    });

    expect(result.changeLeadTime.median).toBe(19_800);
    expect(requests).toHaveLength(1);
    const [url] = requests;
    expect(url.pathname).toBe('/api/delivery/metrics');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      entityRef: 'component:default/payments-api',
      from: '2026-10-21T00:00:00.000Z',
      to: '2026-11-20T00:00:00.000Z',
      reportYear: '2023',
    });
  });

  it('leaves out what is not set, and passes the environment', async () => {
    await client.getSeries({
      entityRef: 'component:default/payments-api',
      environment: 'staging',
    });

    const [url] = requests;
    expect(url.pathname).toBe('/api/delivery/metrics/series');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      entityRef: 'component:default/payments-api',
      environment: 'staging',
    });
  });

  it('pages through deployments', async () => {
    const page = await client.getDeployments({
      entityRef: 'component:default/payments-api',
      limit: 50,
      offset: 100,
    });

    expect(page.totalCount).toBe(64);
    expect(page.items[0].sha).toBe('9fceb02d0ae598e95dc970b74767f19372d61af8');
    const [url] = requests;
    expect(url.pathname).toBe('/api/delivery/deployments');
    expect(url.searchParams.get('limit')).toBe('50');
    expect(url.searchParams.get('offset')).toBe('100');
  });

  it('asks for the deployments of every environment with environment=*', async () => {
    await client.getDeployments({
      entityRef: 'component:default/payments-api',
      allEnvironments: true,
      limit: 100,
    });
    // allEnvironments wins over an environment
    await client.getDeployments({
      entityRef: 'component:default/payments-api',
      environment: 'staging',
      allEnvironments: true,
    });
    await client.getDeployments({
      entityRef: 'component:default/payments-api',
      environment: 'staging',
      allEnvironments: false,
    });

    expect(requests.map(url => url.pathname)).toEqual([
      '/api/delivery/deployments',
      '/api/delivery/deployments',
      '/api/delivery/deployments',
    ]);
    expect(Object.fromEntries(requests[0].searchParams)).toEqual({
      entityRef: 'component:default/payments-api',
      environment: '*',
      limit: '100',
    });
    expect(requests[0].search).toBe(
      '?entityRef=component%3Adefault%2Fpayments-api&environment=*&limit=100',
    );
    expect(requests[1].searchParams.get('environment')).toBe('*');
    expect(requests[2].searchParams.get('environment')).toBe('staging');
  });

  it('asks for the rollup of a group instead of an entity', async () => {
    server.use(
      http.get(`${baseUrl}/metrics`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(groupMetricsResponse);
      }),
    );

    const result = await client.getMetrics({ group: 'group:default/payments' });

    expect(result.group).toBe('group:default/payments');
    expect(result.entityRefs).toHaveLength(3);
    const [url] = requests;
    expect(Object.fromEntries(url.searchParams)).toEqual({
      group: 'group:default/payments',
    });
  });

  it('asks for every service of the organisation over a window', async () => {
    server.use(
      http.get(`${baseUrl}/metrics/services`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(organisationMetricsResponse);
      }),
    );

    const result = await client.getOrganisationMetrics({
      from: new Date('2026-10-21T00:00:00Z'),
      to: new Date('2026-11-20T00:00:00Z'),
      reportYear: 2024,
    });

    expect(result.services).toHaveLength(4);
    const [url] = requests;
    expect(url.pathname).toBe('/api/delivery/metrics/services');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      from: '2026-10-21T00:00:00.000Z',
      to: '2026-11-20T00:00:00.000Z',
      reportYear: '2024',
    });
  });

  it('asks for a filtered page of pipeline runs', async () => {
    await client.getPipelineRuns({
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

  it("asks for each workflow's pipeline figures over the window", async () => {
    expect(
      await client.getPipelineSummary({
        entityRef: 'component:default/payments-api',
        from: new Date('2026-10-21T00:00:00Z'),
      }),
    ).toEqual(pipelineSummaryResponse);
    const [url] = requests;
    expect(url.pathname).toBe('/api/delivery/pipeline-runs/summary');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      entityRef: 'component:default/payments-api',
      from: '2026-10-21T00:00:00.000Z',
    });
  });

  it("asks for the GitHub sync status of an entity's repository", async () => {
    server.use(
      http.get(`${baseUrl}/sync-status`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(syncedResponse);
      }),
    );

    const status = await client.getSyncStatus('component:default/payments-api');

    expect(status.entities[0].resources).toHaveLength(4);
    expect(requests[0].pathname).toBe('/api/delivery/sync-status');
    expect(requests[0].searchParams.get('entityRef')).toBe(
      'component:default/payments-api',
    );
  });

  it('pages through the changes behind the lead time', async () => {
    server.use(
      http.get(`${baseUrl}/changes`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(changesResponse);
      }),
    );

    const page = await client.getChanges({
      entityRef: 'component:default/payments-api',
      limit: 100,
      offset: 100,
    });

    expect(page.items[0].leadTimeSeconds).toBe(19_800);
    expect(requests[0].pathname).toBe('/api/delivery/changes');
    expect(Object.fromEntries(requests[0].searchParams)).toEqual({
      entityRef: 'component:default/payments-api',
      limit: '100',
      offset: '100',
    });
  });

  it('asks for the deployments the frequency counts, and only the rework ones with rework=true', async () => {
    server.use(
      http.get(`${baseUrl}/deployments/counted`, ({ request }) => {
        requests.push(new URL(request.url));
        return HttpResponse.json(countedDeploymentsResponse);
      }),
    );
    const query = {
      entityRef: 'component:default/payments-api',
      environment: 'staging',
      from: new Date('2026-10-21T00:00:00Z'),
      to: new Date('2026-11-20T00:00:00Z'),
      limit: 100,
    };

    const page = await client.getCountedDeployments(query);
    await client.getCountedDeployments({ ...query, rework: true });
    await client.getCountedDeployments({ ...query, failed: true });

    expect(page.items[0].rework).toBe(true);
    expect(requests.map(r => r.pathname)).toEqual([
      '/api/delivery/deployments/counted',
      '/api/delivery/deployments/counted',
      '/api/delivery/deployments/counted',
    ]);
    const expected = {
      entityRef: 'component:default/payments-api',
      environment: 'staging',
      from: '2026-10-21T00:00:00.000Z',
      to: '2026-11-20T00:00:00.000Z',
      limit: '100',
    };
    expect(Object.fromEntries(requests[0].searchParams)).toEqual(expected);
    expect(Object.fromEntries(requests[1].searchParams)).toEqual({
      ...expected,
      rework: 'true',
    });
    expect(Object.fromEntries(requests[2].searchParams)).toEqual({
      ...expected,
      failed: 'true',
    });
  });

  it('pages through pipeline runs', async () => {
    const page = await client.getPipelineRuns({
      entityRef: 'component:default/payments-api',
      from: new Date('2026-10-21T00:00:00Z'),
      limit: 500,
      offset: 0,
    });

    expect(page.items).toHaveLength(12);
    expect(page.items[0].conclusion).toBeNull();
    const [url] = requests;
    expect(url.pathname).toBe('/api/delivery/pipeline-runs');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      entityRef: 'component:default/payments-api',
      from: '2026-10-21T00:00:00.000Z',
      limit: '500',
      offset: '0',
    });
  });

  it('pages through incidents', async () => {
    const page = await client.getIncidents({
      entityRef: 'component:default/payments-api',
      limit: 500,
      offset: 500,
    });

    expect(page.totalCount).toBe(3);
    expect(page.items[0].resolvedAt).toBeNull();
    const [url] = requests;
    expect(url.pathname).toBe('/api/delivery/incidents');
    expect(url.searchParams.get('limit')).toBe('500');
    expect(url.searchParams.get('offset')).toBe('500');
  });

  it('asks for open incidents with state=open, and leaves the state out when not set', async () => {
    await client.getIncidents({
      entityRef: 'component:default/payments-api',
      to: new Date('2026-11-20T00:00:00Z'),
      state: 'open',
      limit: 1,
    });
    await client.getIncidents({
      entityRef: 'component:default/payments-api',
      state: 'resolved',
    });
    await client.getIncidents({ entityRef: 'component:default/payments-api' });

    expect(Object.fromEntries(requests[0].searchParams)).toEqual({
      entityRef: 'component:default/payments-api',
      to: '2026-11-20T00:00:00.000Z',
      state: 'open',
      limit: '1',
    });
    expect(requests[1].searchParams.get('state')).toBe('resolved');
    expect(requests[2].searchParams.has('state')).toBe(false);
  });

  it('throws a ResponseError carrying the backend error on 4xx', async () => {
    server.use(
      http.get(`${baseUrl}/metrics`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: 'No entity component:default/nope',
            },
            request: { method: 'GET', url: '/api/delivery/metrics' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );

    const call = client.getMetrics({ entityRef: 'component:default/nope' });
    await expect(call).rejects.toBeInstanceOf(ResponseError);
    await expect(
      client.getMetrics({ entityRef: 'component:default/nope' }),
    ).rejects.toMatchObject({
      statusCode: 404,
      cause: {
        name: 'NotFoundError',
        message: 'No entity component:default/nope',
      },
    });
  });
});
