import { Entity } from '@backstage/catalog-model';
import { screen, within } from '@testing-library/react';
import {
  fakeDeliveryApi,
  notFoundError,
} from '../__testUtils__/fakeDeliveryApi';
import { groupMetricsResponse } from '../__testUtils__/responses';
import { renderForEntity } from '../__testUtils__/renderForEntity';
import { DeliveryApi } from '../api';
import { DeliveryRollupCard } from './DeliveryRollupCard';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const render = (api: DeliveryApi) =>
  renderForEntity(<DeliveryRollupCard />, api, group);

describe('DeliveryRollupCard', () => {
  it("shows the group's rolled-up figures and links the services included", async () => {
    const api = fakeDeliveryApi();
    await render(api);

    const frequency = await screen.findByRole('group', {
      name: 'Deployment frequency',
    });
    expect(within(frequency).getByText('5 per day')).toBeInTheDocument();
    expect(within(frequency).getByText(/^151 deployments/)).toBeInTheDocument();
    expect(
      within(screen.getByRole('group', { name: 'Change lead time' })).getByText(
        '5.5 h median',
      ),
    ).toBeInTheDocument();
    for (const name of [
      'Change failure rate',
      'Failed deployment recovery time',
      'Deployment rework rate',
    ]) {
      expect(screen.getByRole('group', { name })).toBeInTheDocument();
    }
    expect(screen.getByText(/^3 services included/)).toBeInTheDocument();

    const links = screen
      .getAllByRole('link')
      .filter(a => a.getAttribute('href')?.startsWith('/catalog/'));
    expect(links.map(a => a.getAttribute('href'))).toEqual([
      '/catalog/default/component/card-gateway',
      '/catalog/default/component/payments-api',
      '/catalog/default/component/payments-ledger',
    ]);
    expect(links[1]).toHaveTextContent('payments-api');
  });

  it('asks for the group over the last 30 days', async () => {
    const api = fakeDeliveryApi();
    await render(api);
    await screen.findByRole('group', { name: 'Deployment frequency' });

    expect(api.getMetrics).toHaveBeenCalledTimes(1);
    const query = api.getMetrics.mock.calls[0][0];
    expect(query.group).toBe('group:default/payments');
    expect(query.entityRef).toBeUndefined();
    expect(query.to!.getTime() - query.from!.getTime()).toBe(30 * 86_400_000);
  });

  it('shows progress while the figures load', async () => {
    await render(
      fakeDeliveryApi({ getMetrics: jest.fn(() => new Promise(() => {})) }),
    );

    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    expect(screen.queryByText('Deployment frequency')).not.toBeInTheDocument();
  });

  it('shows the backend error when the group cannot be read', async () => {
    const error = await notFoundError(
      "Group 'group:default/payments' not found",
    );
    await render(
      fakeDeliveryApi({
        getMetrics: jest.fn(async () => Promise.reject(error)),
      }),
    );

    expect(
      (await screen.findAllByText(/Group 'group:default\/payments' not found/))
        .length,
    ).toBeGreaterThan(0);
    expect(
      screen.queryByRole('group', { name: 'Change lead time' }),
    ).toBeNull();
  });

  it('says so when the group owns no service', async () => {
    await render(
      fakeDeliveryApi({
        getMetrics: jest.fn(async () => ({
          ...groupMetricsResponse,
          entityRefs: [],
        })),
      }),
    );

    expect(
      await screen.findByText('No services to roll up'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('group', { name: 'Change lead time' }),
    ).toBeNull();
  });

  it("says there is no data yet when nothing was recorded for the group's services", async () => {
    await render(
      fakeDeliveryApi({
        getMetrics: jest.fn(async () => ({
          ...groupMetricsResponse,
          dataQuality: {
            ...groupMetricsResponse.dataQuality,
            newestEventAt: null,
          },
        })),
      }),
    );

    expect(await screen.findByText('No delivery data yet')).toBeInTheDocument();
  });
});
