import {
  EntityPresentationApi,
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeDeliveryApi,
  notFoundError,
} from '../../__testUtils__/fakeDeliveryApi';
import { organisationMetricsResponse } from '../../__testUtils__/responses';
import { DeliveryApi, deliveryApiRef } from '../../api';
import { OrganisationPage } from './OrganisationPage';

// material-table re-renders every row on each sort click; on a busy CI
// machine that takes more than Jest's default 5 s.
jest.setTimeout(30_000);

/** The catalog's names of the owners and systems, as entity links show them. */
const displayNames: Record<string, string> = {
  'group:default/payments': 'Payments',
  'group:default/discovery': 'Discovery',
  'system:default/payments-platform': 'Payments platform',
  'system:default/storefront': 'Storefront',
};

const entityPresentation: EntityPresentationApi = {
  forEntity: ref => {
    const snapshot = {
      entityRef: String(ref),
      primaryTitle: displayNames[String(ref)] ?? String(ref),
    };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

const render = (
  api: DeliveryApi,
  path = '/delivery',
  presentation?: EntityPresentationApi,
) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        // no catalog API: the organisation's answer names every service
        [deliveryApiRef, api],
        ...(presentation
          ? [[entityPresentationApiRef, presentation] as const]
          : []),
      ]}
    >
      <OrganisationPage />
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );

/** The services table (the first of the page) as rows of cell texts. */
async function serviceRows() {
  const [services] = await screen.findAllByRole(
    'table',
    {},
    { timeout: 10_000 },
  );
  return within(services)
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(c => c.textContent),
    );
}

describe('OrganisationPage', () => {
  it('shows a progress bar while loading', async () => {
    const api = fakeDeliveryApi({
      getOrganisationMetrics: jest.fn(() => new Promise(() => {})),
    });
    await render(api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('lists every service with its owner, system, data and figures, and says which are demo', async () => {
    const api = fakeDeliveryApi();
    await render(api);

    const rows = await serviceRows();
    // in name order until a column is sorted
    expect(rows.map(r => r[0])).toEqual([
      'card-gateway',
      'payments-api',
      'payments-ledger',
      'Search serviceDemo data',
    ]);
    const search = rows.find(r => r[0]!.startsWith('Search service'))!;
    expect(search.slice(0, 4)).toEqual([
      'Search serviceDemo data',
      'discovery',
      'storefront',
      '0.5/weekLow',
    ]);
    // too few failed deployments: neither the median nor a level is shown
    const paymentsApi = rows.find(r => r[0] === 'payments-api')!;
    expect(paymentsApi[6]).toBe('Not enough data');
    const gateway = rows.find(r => r[0] === 'card-gateway')!;
    expect(gateway.slice(3)).toEqual([
      'No data yet',
      'No data yet',
      'No data yet',
      'No data yet',
      'No data yet',
    ]);
    expect(
      screen.getByText(/1 of the 4 services is an example service whose/),
    ).toBeInTheDocument();
    expect(api.getOrganisationMetrics).toHaveBeenCalledTimes(1);
  });

  it('heads the figure columns with short names, the whole name on hover, so the table fits a laptop screen', async () => {
    await render(fakeDeliveryApi());
    await serviceRows();

    const [services] = screen.getAllByRole('table');
    const headers = within(services)
      .getAllByRole('columnheader')
      .slice(3)
      .map(h => [
        h.textContent,
        h.querySelector('[title]')?.getAttribute('title'),
      ]);
    expect(headers).toEqual([
      ['Deploys', 'Deployment frequency'],
      ['Lead time', 'Change lead time (median)'],
      ['Failure rate', 'Change failure rate'],
      ['Recovery', 'Failed deployment recovery time (median)'],
      ['Rework', 'Deployment rework rate'],
    ]);
  });

  it('filters by owner, system and level from the URL, and says how many it shows', async () => {
    await render(
      fakeDeliveryApi(),
      '/delivery?owner=group:default/payments&figure=changeLeadTime&level=medium',
    );

    const rows = await serviceRows();
    expect(rows.map(r => r[0])).toEqual(['payments-ledger']);
    expect(screen.getByText(/1 service of 4 ·/)).toBeInTheDocument();
  });

  it('asks for the levels of the benchmark year in the URL, the newest report by default, and says which', async () => {
    const api = fakeDeliveryApi();
    await render(api, '/delivery?year=2023');
    await serviceRows();
    expect(api.getOrganisationMetrics).toHaveBeenLastCalledWith(
      expect.objectContaining({ reportYear: 2023 }),
    );
    expect(screen.getByText(/levels of DORA 2023/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'DORA 2023' })).toBeVisible();

    const other = fakeDeliveryApi();
    await render(other, '/delivery?year=1999');
    await serviceRows();
    expect(other.getOrganisationMetrics).toHaveBeenLastCalledWith(
      expect.objectContaining({ reportYear: 2024 }),
    );
  });

  it('names owners and systems in the filters as the table names them, sorted by that name', async () => {
    await render(fakeDeliveryApi(), '/delivery', entityPresentation);
    await serviceRows();

    const options = async (label: string) => {
      const select = screen.getByText(label, { selector: 'label' });
      fireEvent.mouseDown(within(select.parentElement!).getByRole('button'));
      const listbox = await screen.findByRole('listbox');
      const names = within(listbox)
        .getAllByRole('option')
        .map(o => o.textContent);
      fireEvent.keyDown(listbox, { key: 'Escape' });
      await waitFor(() =>
        expect(screen.queryByRole('listbox')).not.toBeInTheDocument(),
      );
      return names;
    };
    expect(await options('Owner')).toEqual(['Any', 'Discovery', 'Payments']);
    expect(await options('System')).toEqual([
      'Any',
      'Payments platform',
      'Storefront',
    ]);
  });

  it('links owners, systems and teams to their pages by the names the catalog gives them', async () => {
    await render(fakeDeliveryApi(), '/delivery', entityPresentation);
    await serviceRows();

    const [services, teams] = screen.getAllByRole('table');
    await waitFor(() =>
      expect(
        within(services).getAllByRole('link', { name: 'Payments platform' }),
      ).toHaveLength(3),
    );
    expect(
      within(services).getAllByRole('link', { name: 'Payments' })[0],
    ).toHaveAttribute('href', '/catalog/default/group/payments');
    expect(
      within(services).getByRole('link', { name: 'Storefront' }),
    ).toHaveAttribute('href', '/catalog/default/system/storefront');
    expect(
      within(teams)
        .getAllByRole('link')
        .map(a => [a.textContent, a.getAttribute('href')]),
    ).toEqual([
      ['Discovery', '/catalog/default/group/discovery'],
      ['Payments', '/catalog/default/group/payments'],
    ]);
  });

  it("keeps only the chosen owner's team in the Teams table, and says the other filters choose services", async () => {
    await render(fakeDeliveryApi(), '/delivery?owner=group:default/payments');

    await waitFor(async () => {
      const [, teams] = await screen.findAllByRole('table');
      expect(
        within(teams)
          .getAllByRole('row')
          .slice(1)
          .map(row => within(row).getAllByRole('cell')[0].textContent),
      ).toEqual(['payments']);
    });
    expect(
      screen.getByText(
        /The owner filter keeps its team; the system and level filters choose services only/,
      ),
    ).toBeInTheDocument();
  });

  it('sorts by a figure with services without it last in both directions', async () => {
    await render(fakeDeliveryApi());
    await serviceRows();

    const [services] = screen.getAllByRole('table');
    const header = within(services).getByRole('columnheader', {
      name: 'Deploys',
    });
    await userEvent.click(within(header).getAllByRole('button')[0]);
    expect((await serviceRows()).map(r => r[0])).toEqual([
      'payments-ledger',
      'payments-api',
      'Search serviceDemo data',
      'card-gateway',
    ]);
    await userEvent.click(within(header).getAllByRole('button')[0]);
    expect((await serviceRows()).map(r => r[0])).toEqual([
      'Search serviceDemo data',
      'payments-api',
      'payments-ledger',
      'card-gateway',
    ]);
  });

  it("shows each team's figures from the organisation's answer, without a request per team", async () => {
    const api = fakeDeliveryApi();
    await render(api);

    await waitFor(async () => {
      const [, teams] = await screen.findAllByRole('table');
      const cells = within(teams)
        .getAllByRole('row')
        .slice(1)
        .map(row =>
          within(row)
            .getAllByRole('cell')
            .slice(0, 3)
            .map(c => c.textContent),
        );
      // a team's level is judged on its median service's deploy days: its
      // figure, over its level and the rate of all its deployments
      expect(cells).toEqual([
        ['discovery', '1', '1 deploy day/weekLow0.5/week in total'],
        ['payments', '3', '5 deploy days/weekElite5/day in total'],
      ]);
    });
    expect(api.getMetrics).not.toHaveBeenCalled();
    expect(api.getOrganisationMetrics).toHaveBeenCalledTimes(1);
  });

  it('shows the error with the backend message when the figures cannot be loaded, and loads them again on retry', async () => {
    const error = await notFoundError('no such thing');
    const getOrganisationMetrics = jest
      .fn()
      .mockRejectedValueOnce(error)
      .mockResolvedValue(organisationMetricsResponse);
    await render(fakeDeliveryApi({ getOrganisationMetrics }));
    expect(
      await screen.findByText(/Could not load the organisation's figures/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/no such thing/).length).toBeGreaterThan(0);

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('link', { name: 'payments-api' }),
    ).toBeInTheDocument();
    expect(getOrganisationMetrics).toHaveBeenCalledTimes(2);
  });

  it('says how services appear when there are none', async () => {
    await render(
      fakeDeliveryApi({
        getOrganisationMetrics: jest.fn(async () => ({
          ...organisationMetricsResponse,
          entityRefs: [],
          services: [],
        })),
      }),
    );
    expect(await screen.findByText('No services yet')).toBeInTheDocument();
    expect(
      screen.getByText(/github.com\/project-slug annotation/),
    ).toBeInTheDocument();
  });
});
