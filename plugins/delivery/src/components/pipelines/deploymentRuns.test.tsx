import { screen, waitFor, within } from '@testing-library/react';
import { fakeDeliveryApi } from '../../__testUtils__/fakeDeliveryApi';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import {
  deploymentsResponse,
  pipelineRunsResponse,
} from '../../__testUtils__/responses';
import { DeliveryContent } from '../DeliveryContent';

jest.setTimeout(30_000);

describe('deployments linked to their runs', () => {
  it("links each deployment's workflow to the run of its commit, and names it when no run is known", async () => {
    const [linked, unlinked] = deploymentsResponse.items;
    const api = fakeDeliveryApi({
      getPipelineRuns: jest.fn(async () => ({
        ...pipelineRunsResponse,
        items: [
          {
            ...pipelineRunsResponse.items[3],
            workflow: 'deploy',
            sha: linked.sha,
            url: 'https://github.com/acme/payments-api/actions/runs/777',
          },
        ],
        totalCount: 1,
      })),
    });
    await renderForEntity(<DeliveryContent />, api);

    const table = (
      await screen.findByRole('heading', { name: 'Recent deployments' })
    ).closest('.MuiPaper-root') as HTMLElement;
    const rows = within(table).getAllByRole('row').slice(1);
    await waitFor(() =>
      expect(
        within(rows[0]).getByRole('link', { name: /^deploy/ }),
      ).toHaveAttribute(
        'href',
        'https://github.com/acme/payments-api/actions/runs/777',
      ),
    );
    expect(within(rows[1]).getByText('deploy')).toBeInTheDocument();
    expect(within(rows[1]).queryByRole('link', { name: /^deploy/ })).toBeNull();
    expect(api.getPipelineRuns).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: 'component:default/payments-api',
        shas: [linked.sha, unlinked.sha],
      }),
    );
  });
});
