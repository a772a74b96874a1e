import { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { TestApiProvider } from '@backstage/test-utils';
import { ANNOTATION_DEMO_DATA } from '@internal/plugin-delivery-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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

/** A component of the rollup, an example service when `demo`. */
const component = (name: string, demo: boolean): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'github.com/project-slug': `acme/${name}`,
      ...(demo ? { [ANNOTATION_DEMO_DATA]: 'true' } : {}),
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
});

/** The group's services as the catalog describes them: none of them demo ones. */
const recordedServices = [
  'payments-api',
  'payments-ledger',
  'card-gateway',
].map(name => component(name, false));

const render = (
  api: DeliveryApi,
  catalog = catalogApiMock({ entities: recordedServices }),
) =>
  renderForEntity(
    <TestApiProvider apis={[[catalogApiRef, catalog]]}>
      <DeliveryRollupCard />
    </TestApiProvider>,
    api,
    group,
  );

/** Each service's mark: demo data (under its name), no data yet (in its figures), or recorded. */
const dataColumn = () =>
  Object.fromEntries(
    screen
      .getAllByRole('row')
      .slice(1)
      .map(row => {
        const cells = within(row).getAllByRole('cell');
        const name = within(cells[0]).getByRole('link').textContent;
        if (within(cells[0]).queryByText('Demo data')) {
          return [name, 'Demo data'];
        }
        return [
          name,
          within(row).queryAllByText('No data yet').length
            ? 'No data yet'
            : 'Recorded',
        ];
      }),
  );

describe('DeliveryRollupCard', () => {
  it("shows the group's rolled-up figures and links the services included", async () => {
    const api = fakeDeliveryApi();
    await render(api);

    const frequency = await screen.findByRole('group', {
      name: 'Deployment frequency',
    });
    // the median service's deploy days, on which the level is judged, and
    // the rate of all the group's deployments as its total
    expect(
      within(frequency).getByText('5 deploy days per week'),
    ).toBeInTheDocument();
    expect(within(frequency).getByText('Elite')).toBeInTheDocument();
    expect(
      within(frequency).getByText(
        '5 per day in total: 151 deployments across 3 services',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('group', { name: 'Change lead time' })).getByText(
        '5.5 h median',
      ),
    ).toBeInTheDocument();
    // the counts are of every service, unlike the median above them
    expect(
      within(
        screen.getByRole('group', { name: 'Change failure rate' }),
      ).getByText('5 of 64 deployments failed across 3 services'),
    ).toBeInTheDocument();
    expect(
      within(
        screen.getByRole('group', { name: 'Deployment rework rate' }),
      ).getByText('3 of 64 deployments were rework across 3 services'),
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

  it('says which services of the rollup are example services with demo data', async () => {
    await render(
      fakeDeliveryApi(),
      catalogApiMock({
        entities: [
          component('payments-api', true),
          component('payments-ledger', false),
          component('card-gateway', true),
        ],
      }),
    );

    const notice = await screen.findByRole('note', { name: 'Demo data' });
    expect(notice).toHaveTextContent(
      /2 of the 3 services of this rollup are example services/,
    );
    expect(notice).toHaveTextContent(/generated, not measured/);
    expect(dataColumn()).toEqual({
      'card-gateway': 'Demo data',
      'payments-api': 'Demo data',
      'payments-ledger': 'Recorded',
    });
  });

  it('says when every service of the rollup is a demo one', async () => {
    await render(
      fakeDeliveryApi(),
      catalogApiMock({
        entities: ['payments-api', 'payments-ledger', 'card-gateway'].map(
          name => component(name, true),
        ),
      }),
    );

    expect(
      await screen.findByRole('note', { name: 'Demo data' }),
    ).toHaveTextContent(/Every service of this rollup is an example service/);
  });

  it('shows no demo notice when no service is a demo one', async () => {
    await render(fakeDeliveryApi());

    await screen.findAllByText('Services included');
    expect(dataColumn()).toEqual({
      'card-gateway': 'No data yet',
      'payments-api': 'Recorded',
      'payments-ledger': 'Recorded',
    });
    expect(screen.queryByRole('note', { name: 'Demo data' })).toBeNull();
  });

  it('warns when the catalog cannot say which services are demo ones', async () => {
    const catalog = catalogApiMock.mock({
      getEntitiesByRefs: jest.fn(async () => {
        throw new Error('catalog unavailable');
      }),
    });
    await render(fakeDeliveryApi(), catalog);

    expect(
      await screen.findByText(
        /Could not check whether these services use demo data/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('group', { name: 'Change lead time' }),
    ).toBeInTheDocument();
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

  it('computes over the window its windowDays prop asks for and names it', async () => {
    const api = fakeDeliveryApi();
    await renderForEntity(
      <TestApiProvider
        apis={[[catalogApiRef, catalogApiMock({ entities: recordedServices })]]}
      >
        <DeliveryRollupCard windowDays={90} variant="gridItem" />
      </TestApiProvider>,
      api,
      group,
    );

    expect(
      await screen.findByRole('button', { name: 'Last 90 days' }),
    ).toBeInTheDocument();
    const query = api.getMetrics.mock.calls[0][0];
    expect(query.to!.getTime() - query.from!.getTime()).toBe(90 * 86_400_000);
  });

  it('computes over the window, environment and benchmark year chosen, kept in the URL', async () => {
    const api = fakeDeliveryApi();
    await renderForEntity(
      <TestApiProvider
        apis={[[catalogApiRef, catalogApiMock({ entities: recordedServices })]]}
      >
        <DeliveryRollupCard />
      </TestApiProvider>,
      api,
      group,
      '/?window=180&env=staging&year=2023',
    );

    await screen.findByRole('group', { name: 'Deployment frequency' });
    const query = api.getMetrics.mock.calls[0][0];
    expect(query).toMatchObject({
      group: 'group:default/payments',
      environment: 'staging',
      reportYear: 2023,
    });
    expect(query.to!.getTime() - query.from!.getTime()).toBe(180 * 86_400_000);
    expect(screen.getByRole('button', { name: 'Last 180 days' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'staging' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'DORA 2023' })).toBeVisible();
    // the environments to choose from are those the group's services deployed to
    expect(api.getDeployments).toHaveBeenCalledWith(
      expect.objectContaining({
        group: 'group:default/payments',
        allEnvironments: true,
      }),
    );
  });

  it('sorts the services by a figure, those without data last in both directions', async () => {
    await render(fakeDeliveryApi());
    await screen.findByRole('group', { name: 'Deployment frequency' });
    const names = () =>
      screen
        .getAllByRole('row')
        .slice(1)
        .map(row => within(row).getAllByRole('cell')[0].textContent);

    const header = screen.getByRole('columnheader', { name: 'Lead time' });
    await userEvent.click(within(header).getAllByRole('button')[0]);
    expect(names()).toEqual([
      'payments-api',
      'payments-ledger',
      'card-gateway',
    ]);
    await userEvent.click(within(header).getAllByRole('button')[0]);
    expect(names()).toEqual([
      'payments-ledger',
      'payments-api',
      'card-gateway',
    ]);
  });

  it("drills into the group's figures, each row naming its service", async () => {
    const api = fakeDeliveryApi();
    await render(api);

    await userEvent.click(
      await screen.findByRole('link', {
        name: /^Deployment frequency: .*, show the rows behind it$/,
      }),
    );
    const drill = (
      await screen.findByText('Deployments behind the deployment frequency')
    ).closest('.MuiCard-root') as HTMLElement;
    expect(
      within(drill).getByRole('columnheader', { name: 'Service' }),
    ).toBeInTheDocument();
    expect(
      within(drill).getAllByRole('link', { name: 'payments-api' }),
    ).toHaveLength(3);
    const query = api.getCountedDeployments.mock.calls[0][0];
    expect(query).toMatchObject({
      group: 'group:default/payments',
      limit: 100,
    });
    expect(query.rework).toBeUndefined();
    await userEvent.click(within(drill).getByRole('button', { name: 'Close' }));
    expect(
      screen.queryByText('Deployments behind the deployment frequency'),
    ).toBeNull();
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

  it("says there is no data yet, with no level, when none of the group's services has a deployment", async () => {
    const nothing = {
      ...groupMetricsResponse,
      noDataYet: true,
      deploymentFrequency: {
        ...groupMetricsResponse.deploymentFrequency,
        count: 0,
        perDay: 0,
        perWeek: 0,
        level: null,
        notEnoughData: true,
        servicesCounted: 0,
      },
      services: groupMetricsResponse.services!.map(f => ({
        ...f,
        noDataYet: true,
      })),
    };
    await render(fakeDeliveryApi({ getMetrics: jest.fn(async () => nothing) }));

    const note = await screen.findByRole('note', { name: 'No data yet' });
    expect(note).toHaveTextContent(/delivery events API/);
    expect(note).toHaveTextContent(/GitHub webhook/);
    expect(
      within(note).getByRole('link', { name: 'What to send' }),
    ).toHaveAttribute(
      'href',
      '/docs/default/component/launchpad-portal/dora-metrics/#what-to-send',
    );
    const leadTime = screen.getByRole('group', { name: 'Change lead time' });
    expect(within(leadTime).getByText('No data yet')).toBeInTheDocument();
    expect(within(leadTime).queryByText(/Not enough data/)).toBeNull();
    expect(within(leadTime).queryByText('Elite')).toBeNull();
    const frequency = screen.getByRole('group', {
      name: 'Deployment frequency',
    });
    expect(within(frequency).getByText('No data yet')).toBeInTheDocument();
    expect(frequency).not.toHaveTextContent(/per (week|day)/);
  });

  it("says group figures are medians of the services' figures and lists each service's own figures and levels", async () => {
    const api = fakeDeliveryApi();
    await render(api);

    expect(
      await screen.findByRole('note', {
        name: 'How group figures are computed',
      }),
    ).toHaveTextContent(/median of its services' own figures/);
    expect(
      screen.getByLabelText('Change lead time aggregation'),
    ).toHaveTextContent(
      'Median of the figures of 2 of 3 services (those with enough data)',
    );
    expect(
      screen.getByLabelText('Deployment frequency aggregation'),
    ).toHaveTextContent(
      'Median of the figures of 2 of 3 services (those with enough data)',
    );
    expect(
      screen.getByText(/^3 services included \(2 with deployments recorded\)/),
    ).toBeInTheDocument();
    // no service has enough failed deployments: no median of medians either
    const recovery = screen.getByRole('group', {
      name: 'Failed deployment recovery time',
    });
    expect(
      within(recovery).getByRole('link', { name: /: Not enough data,/ }),
    ).toHaveTextContent(/^Not enough data$/);
    expect(recovery).not.toHaveTextContent(/median \d|p90|At least/);
    expect(recovery).toHaveTextContent(
      'Median of the figures of 0 of 3 services (those with enough data)',
    );

    const rows = Object.fromEntries(
      screen
        .getAllByRole('row')
        .slice(1)
        .map(row => {
          const cells = within(row).getAllByRole('cell');
          return [cells[0].textContent, cells.slice(1).map(c => c.textContent)];
        }),
    );
    expect(rows).toEqual({
      'card-gateway': Array(5).fill('No data yet'),
      'payments-api': [
        '2.1/dayElite',
        '5.5 hElite',
        '7.8%High',
        'Not enough data',
        '4.7%No level',
      ],
      'payments-ledger': [
        '2.9/dayHigh',
        '10 daysMedium',
        '25%High',
        'Not enough data',
        '4.7%No level',
      ],
    });
    // the figures come with the group's response: no request per service
    expect(api.getMetrics).toHaveBeenCalledTimes(1);
  });
});
