import { screen } from '@testing-library/react';
import { fakeDeliveryApi } from '../__testUtils__/fakeDeliveryApi';
import { syncedResponse } from '../__testUtils__/responses';
import { renderForEntity } from '../__testUtils__/renderForEntity';
import { SyncStatusLine } from './SyncStatusLine';

const entityRef = 'component:default/payments-api';
const [entity] = syncedResponse.entities;

const renderWith = (status: typeof syncedResponse) => {
  const api = fakeDeliveryApi({ getSyncStatus: jest.fn(async () => status) });
  return renderForEntity(<SyncStatusLine entityRef={entityRef} />, api);
};

describe('SyncStatusLine', () => {
  it('says the sync is off and where the figures come from instead', async () => {
    await renderForEntity(
      <SyncStatusLine entityRef={entityRef} />,
      fakeDeliveryApi(),
    );
    expect(
      await screen.findByText(
        /GitHub sync is off: the figures come from GitHub webhooks and the events API only/,
      ),
    ).toBeInTheDocument();
  });

  it('says when the least recently synced resource was synced', async () => {
    await renderWith(syncedResponse);
    expect(await screen.findByText(/Synced from GitHub/)).toBeInTheDocument();
    expect(document.querySelector('time')).toHaveAttribute(
      'datetime',
      '2026-11-20T10:00:00.000Z',
    );
    expect(screen.queryByText(/failed/)).not.toBeInTheDocument();
  });

  it('counts the pages of history imported so far', async () => {
    await renderWith({
      ...syncedResponse,
      entities: [
        {
          ...entity,
          resources: entity.resources.map((r, i) =>
            i === 0
              ? {
                  ...r,
                  backfill: {
                    complete: false,
                    pagesDone: 2,
                    pagesTotal: 10,
                    progress: '2 of 10 pages',
                  },
                }
              : r,
          ),
        },
      ],
    });
    expect(
      await screen.findByText('Importing history from GitHub: 11 of 19 pages'),
    ).toBeInTheDocument();
  });

  it('warns that the data is older than the last sync when a resource failed, naming the error', async () => {
    await renderWith({
      ...syncedResponse,
      entities: [
        {
          ...entity,
          resources: entity.resources.map(r =>
            r.resource === 'workflowRuns'
              ? {
                  ...r,
                  lastError: {
                    message: 'the token cannot read acme/payments-api (404)',
                    at: '2026-11-20T10:10:00.000Z',
                  },
                }
              : r,
          ),
        },
      ],
    });
    expect(
      await screen.findByText(/The GitHub sync of workflow runs failed/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The data is older than the last sync/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/the token cannot read acme\/payments-api \(404\)/),
    ).toBeInTheDocument();
  });

  it('says when GitHub’s request budget runs low', async () => {
    await renderWith({
      ...syncedResponse,
      entities: [
        { ...entity, rateLimit: { ...entity.rateLimit!, remaining: 120 } },
      ],
    });
    expect(
      await screen.findByText(
        /GitHub requests left: 120 of 5000.*the sync may defer repositories/,
      ),
    ).toBeInTheDocument();
  });

  it('says the status could not be read without hiding the rest of the page', async () => {
    const api = fakeDeliveryApi({
      getSyncStatus: jest.fn().mockRejectedValue(new Error('no route')),
    });
    await renderForEntity(<SyncStatusLine entityRef={entityRef} />, api);
    expect(
      await screen.findByText(
        'The GitHub sync status could not be read: no route',
      ),
    ).toBeInTheDocument();
  });
});
