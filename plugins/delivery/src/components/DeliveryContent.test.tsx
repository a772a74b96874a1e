import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import { fakeDeliveryApi } from '../__testUtils__/fakeDeliveryApi';
import { metricsResponse } from '../__testUtils__/responses';
import {
  paymentsApiEntity,
  renderForEntity,
} from '../__testUtils__/renderForEntity';
import { DeliveryApi } from '../api';
import { DeliveryContent } from './DeliveryContent';

// jsdom lays nothing out, so give the chart the size a browser would.
jest.mock('recharts', () => {
  const actual = jest.requireActual('recharts');
  const { cloneElement } = jest.requireActual('react');
  return {
    ...actual,
    ResponsiveContainer: ({ children }: { children: JSX.Element }) =>
      cloneElement(children, { width: 800, height: 320 }),
  };
});

const entity = paymentsApiEntity;
const fakeApi = fakeDeliveryApi;

const render = (api: DeliveryApi, e: Entity = entity) =>
  renderForEntity(<DeliveryContent />, api, e);

describe('DeliveryContent', () => {
  it('shows the five figures with their levels, sample sizes and data-quality notes', async () => {
    const api = fakeApi();
    await render(api);

    const frequency = await screen.findByRole('group', {
      name: 'Deployment frequency',
    });
    expect(within(frequency).getByText('2.1 per day')).toBeInTheDocument();
    expect(within(frequency).getByText('Elite')).toBeInTheDocument();
    expect(within(frequency).getByText('DORA 2023')).toBeInTheDocument();
    expect(within(frequency).getByText('n = 4 full weeks')).toBeInTheDocument();

    const leadTime = screen.getByRole('group', { name: 'Change lead time' });
    expect(within(leadTime).getByText('5.5 h median')).toBeInTheDocument();
    expect(within(leadTime).getByText('p90 2.2 days')).toBeInTheDocument();
    expect(within(leadTime).getByText('Elite')).toBeInTheDocument();
    expect(within(leadTime).getByText('n = 112 changes')).toBeInTheDocument();

    const failureRate = screen.getByRole('group', {
      name: 'Change failure rate',
    });
    expect(within(failureRate).getByText('7.8%')).toBeInTheDocument();
    expect(within(failureRate).getByText('High')).toBeInTheDocument();
    expect(
      within(failureRate).getByText('5 of 64 deployments failed'),
    ).toBeInTheDocument();

    const recovery = screen.getByRole('group', {
      name: 'Failed deployment recovery time',
    });
    expect(within(recovery).getByText('1.5 h median')).toBeInTheDocument();
    expect(within(recovery).getByText('p90 3.6 h')).toBeInTheDocument();
    expect(
      within(recovery).getByText(
        /Not enough data \(n = 3, at least 5 needed\)/,
      ),
    ).toBeInTheDocument();
    expect(within(recovery).queryByText('DORA 2023')).not.toBeInTheDocument();

    const rework = screen.getByRole('group', {
      name: 'Deployment rework rate',
    });
    expect(within(rework).getByText('4.7%')).toBeInTheDocument();
    expect(
      within(rework).getByText('No DORA benchmark level'),
    ).toBeInTheDocument();

    expect(
      screen.getByText(
        '41 squash or rebase merges mapped back to their pull requests',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('1 failed deployments have not recovered yet'),
    ).toBeInTheDocument();

    const chart = await screen.findByRole('img', {
      name: 'Weekly trend over 5 weeks',
    });
    expect(within(chart).getByText('Failed deployments')).toBeInTheDocument();
    expect(within(chart).getByText('Lead time median (h)')).toBeInTheDocument();
    expect(within(chart).getByText('2026-10-21')).toBeInTheDocument();
    expect(await screen.findByText('9fceb02')).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-api/actions/runs/123456',
    );
    expect(
      screen.getByText('2 newest of 64 in the window'),
    ).toBeInTheDocument();
    expect(screen.getByText('hotfix')).toBeInTheDocument();
  });

  it('asks for the entity over the last 30 days of its production environments by default', async () => {
    const api = fakeApi();
    await render(api);
    await screen.findByRole('group', { name: 'Deployment frequency' });

    expect(api.getMetrics).toHaveBeenCalledTimes(1);
    const query = api.getMetrics.mock.calls[0][0];
    expect(query.entityRef).toBe('component:default/payments-api');
    expect(query.environment).toBeUndefined();
    expect(query.to!.getTime() - query.from!.getTime()).toBe(30 * 86_400_000);
    expect(api.getSeries.mock.calls[0][0]).toEqual(query);
    expect(api.getDeployments.mock.calls[0][0]).toMatchObject({
      ...query,
      limit: 50,
    });
  });

  it('shows progress while the figures load', async () => {
    const api = fakeApi({ getMetrics: jest.fn(() => new Promise(() => {})) });
    await render(api);

    expect((await screen.findAllByTestId('progress')).length).toBeGreaterThan(
      0,
    );
    expect(screen.queryByText('Deployment frequency')).not.toBeInTheDocument();
  });

  it('shows the backend error when the figures cannot be read', async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'NotFoundError',
          message: 'No entity component:default/payments-api',
        },
        request: { method: 'GET', url: '/api/delivery/metrics' },
        response: { statusCode: 404 },
      }),
      { status: 404, headers: { 'Content-Type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response as any);
    const api = fakeApi({
      getMetrics: jest.fn(async () => Promise.reject(error)),
    });
    await render(api);

    expect(
      (await screen.findAllByText(/No entity component:default\/payments-api/))
        .length,
    ).toBeGreaterThan(0);
    expect(
      screen.queryByRole('group', { name: 'Change lead time' }),
    ).toBeNull();
  });

  it('says there is no data yet when nothing was ever recorded', async () => {
    const api = fakeApi({
      getMetrics: jest.fn(async () => ({
        ...metricsResponse,
        dataQuality: { ...metricsResponse.dataQuality, newestEventAt: null },
      })),
    });
    await render(api);

    expect(await screen.findByText('No delivery data yet')).toBeInTheDocument();
  });

  it('asks for the GitHub annotation when the entity has none', async () => {
    const api = fakeApi();
    await render(api, {
      ...entity,
      metadata: { name: 'no-slug', namespace: 'default' },
    });

    expect(await screen.findByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(
      screen.getAllByText(/github\.com\/project-slug/).length,
    ).toBeGreaterThan(0);
    await waitFor(() => expect(api.getMetrics).not.toHaveBeenCalled());
  });
});
