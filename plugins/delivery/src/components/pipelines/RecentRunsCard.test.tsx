import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeDeliveryApi,
  notFoundError,
} from '../../__testUtils__/fakeDeliveryApi';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { pipelineRunsResponse } from '../../__testUtils__/responses';
import { RecentRunsCard } from './RecentRunsCard';

jest.setTimeout(30_000);

describe('RecentRunsCard', () => {
  it('lists the newest runs with their status, a link to each and to the Pipelines tab', async () => {
    const api = fakeDeliveryApi({
      getPipelineRuns: jest.fn(async () => ({
        ...pipelineRunsResponse,
        items: pipelineRunsResponse.items.slice(2, 5),
        limit: 3,
      })),
    });
    await renderForEntity(<RecentRunsCard limit={3} />, api);
    expect(
      await screen.findByText('12 runs in the last 30 days'),
    ).toBeInTheDocument();
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(within(items[0]).getByText('Failure')).toBeInTheDocument();
    expect(within(items[0]).getByRole('link', { name: /ci/ })).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-api/actions/runs/310',
    );
    expect(
      within(items[0]).getByText(/took 8 min, by grace\.hopper/),
    ).toBeInTheDocument();
    expect(within(items[1]).getByText('Success')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /View all pipeline runs/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/pipelines',
    );
    expect(api.getPipelineRuns).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: 'component:default/payments-api',
        limit: 3,
      }),
    );
  });

  it('shows progress while loading', async () => {
    const api = fakeDeliveryApi({
      getPipelineRuns: jest.fn(() => new Promise<never>(() => {})),
    });
    await renderForEntity(<RecentRunsCard />, api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the error with a retry', async () => {
    const getPipelineRuns = jest
      .fn()
      .mockRejectedValueOnce(await notFoundError('Entity not found'))
      .mockResolvedValue(pipelineRunsResponse);
    await renderForEntity(
      <RecentRunsCard />,
      fakeDeliveryApi({ getPipelineRuns }),
    );
    expect(
      (await screen.findAllByText(/Entity not found/)).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByText('12 runs in the last 30 days'),
    ).toBeInTheDocument();
  });

  it('says when there is no run, with a link to how runs arrive', async () => {
    const api = fakeDeliveryApi({
      getPipelineRuns: jest.fn(async () => ({
        items: [],
        totalCount: 0,
        limit: 5,
        offset: 0,
      })),
    });
    await renderForEntity(<RecentRunsCard windowDays={7} />, api);
    expect(
      await screen.findByText(/No pipeline runs in the last 7 days/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'How runs arrive' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/pipelines',
    );
  });
});
