import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_DEMO_DATA } from '@internal/plugin-delivery-common';
import { screen, waitFor, within } from '@testing-library/react';
import {
  fakeDeliveryApi,
  notFoundError,
} from '../__testUtils__/fakeDeliveryApi';
import {
  countedDeploymentsResponse,
  metricsResponse,
  multiEnvironmentDeploymentsResponse,
  pipelineRunsResponse,
} from '../__testUtils__/responses';
import {
  paymentsApiEntity,
  renderForEntity,
} from '../__testUtils__/renderForEntity';
import { DeliveryApi } from '../api';
import { DeliveryOverviewCard } from './DeliveryOverviewCard';

const DAY_MS = 86_400_000;

const entity = paymentsApiEntity;

const render = (api: DeliveryApi, e: Entity = entity) =>
  renderForEntity(<DeliveryOverviewCard />, api, e);

describe('DeliveryOverviewCard', () => {
  it('sums up the window its windowDays prop asks for', async () => {
    const api = fakeDeliveryApi();
    await renderForEntity(<DeliveryOverviewCard windowDays={7} />, api, entity);

    expect(
      await screen.findByRole('group', {
        name: 'Pipeline success rate (last 7 days)',
      }),
    ).toBeInTheDocument();
    const query = api.getDeployments.mock.calls[0][0];
    expect(query.to!.getTime() - query.from!.getTime()).toBe(7 * DAY_MS);
  });

  it("shows each deployment's ref readably and its time with the zone on hover", async () => {
    const api = fakeDeliveryApi({
      getDeployments: jest.fn(async () => ({
        ...countedDeploymentsResponse,
        items: [countedDeploymentsResponse.items[0]],
        totalCount: 1,
      })),
    });
    await render(api);

    const latest = await screen.findByRole('group', {
      name: 'Latest successful deployment',
    });
    expect(latest).toHaveTextContent(
      'fix/double-charge-on-retry-when-card-de…',
    );
    expect(latest).not.toHaveTextContent('refs/heads');
    expect(
      within(latest).getByLabelText(
        'refs/heads/fix/double-charge-on-retry-when-card-declines',
      ),
    ).toBeInTheDocument();
    // relative time, with date, time and zone in its label
    expect(within(latest).getByText(/ago$/)).toHaveAttribute(
      'aria-label',
      expect.stringMatching(/2026.*(UTC|GMT)/),
    );
  });

  it('shows the latest successful deployment of every environment, the pipeline success rate and the open incidents', async () => {
    const api = fakeDeliveryApi({
      getDeployments: jest.fn(async () => multiEnvironmentDeploymentsResponse),
    });
    await render(api);

    const latest = await screen.findByRole('group', {
      name: 'Latest successful deployment',
    });
    const lines = within(latest)
      .getAllByText(/^(production|prod-eu|staging)$/)
      .map(env => env.parentElement!);
    expect(lines.map(l => l.textContent?.split(':')[0])).toEqual([
      'production',
      'prod-eu',
      'staging',
    ]);
    // the newest success, not the newer failure or rollout in progress
    expect(
      within(lines[0]).getByRole('link', { name: /^9fceb02/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-api/actions/runs/903',
    );
    expect(
      within(lines[1]).getByRole('link', { name: /^9fceb02/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-api/actions/runs/902',
    );
    expect(
      within(lines[2]).getByRole('link', { name: /^9fceb02/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-api/actions/runs/900',
    );

    const pipeline = screen.getByRole('group', {
      name: 'Pipeline success rate (last 30 days)',
    });
    expect(within(pipeline).getByText('90%')).toBeInTheDocument();
    expect(
      within(pipeline).getByText('9 of 10 finished runs succeeded'),
    ).toBeInTheDocument();

    const incidents = screen.getByRole('group', { name: 'Open incidents' });
    expect(within(incidents).getByText('2')).toBeInTheDocument();
    expect(
      within(incidents).getByText('unresolved, however long ago they started'),
    ).toBeInTheDocument();

    expect(
      screen.getByRole('link', { name: /View delivery metrics/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/delivery',
    );
  });

  it('asks for the entity: deployments of every environment and pipeline runs of 30 days, open incidents in one request', async () => {
    const api = fakeDeliveryApi();
    await render(api);
    await screen.findByRole('group', { name: 'Open incidents' });

    const deployments = api.getDeployments.mock.calls[0][0];
    expect(deployments).toMatchObject({
      entityRef: 'component:default/payments-api',
      allEnvironments: true,
      limit: 100,
    });
    expect(deployments.environment).toBeUndefined();
    expect(deployments.to!.getTime() - deployments.from!.getTime()).toBe(
      30 * DAY_MS,
    );
    const runs = api.getPipelineRuns.mock.calls[0][0];
    expect(runs).toMatchObject({
      entityRef: 'component:default/payments-api',
      limit: 500,
      offset: 0,
    });
    expect(runs.to!.getTime() - runs.from!.getTime()).toBe(30 * DAY_MS);
    const incidents = api.getIncidents.mock.calls[0][0];
    // open incidents however old: no from, the window's end as to
    expect(incidents).toEqual({
      entityRef: 'component:default/payments-api',
      to: deployments.to,
      state: 'open',
      limit: 1,
    });
    expect(api.getPipelineRuns).toHaveBeenCalledTimes(1);
    expect(api.getIncidents).toHaveBeenCalledTimes(1);
    // the figures of the same 30 days say whether any data was recorded
    expect(api.getMetrics).toHaveBeenCalledTimes(1);
    expect(api.getMetrics.mock.calls[0][0]).toEqual({
      entityRef: 'component:default/payments-api',
      from: deployments.from,
      to: deployments.to,
    });
  });

  it('reads every page of pipeline runs and counts open incidents from the total', async () => {
    const runs = pipelineRunsResponse.items;
    const api = fakeDeliveryApi({
      getPipelineRuns: jest.fn(async q => ({
        items: q.offset === 0 ? runs.slice(0, 7) : runs.slice(7),
        totalCount: runs.length,
        limit: 500,
        offset: q.offset ?? 0,
      })),
      // far more open incidents than one page holds
      getIncidents: jest.fn(async () => ({
        items: [],
        totalCount: 1234,
        limit: 1,
        offset: 0,
      })),
    });
    await render(api);

    expect(
      await screen.findByText('9 of 10 finished runs succeeded'),
    ).toBeInTheDocument();
    expect(api.getPipelineRuns.mock.calls.map(c => c[0].offset)).toEqual([
      0, 7,
    ]);
    expect(api.getIncidents).toHaveBeenCalledTimes(1);
    expect(
      within(screen.getByRole('group', { name: 'Open incidents' })).getByText(
        '1234',
      ),
    ).toBeInTheDocument();
  });

  it('says what is missing when nothing happened in the window', async () => {
    const empty = { items: [], totalCount: 0, limit: 500, offset: 0 };
    await render(
      fakeDeliveryApi({
        getDeployments: jest.fn(async () => ({ ...empty, limit: 100 })),
        getPipelineRuns: jest.fn(async () => empty),
        getIncidents: jest.fn(async () => empty),
      }),
    );

    expect(
      await screen.findByText('No successful deployment in the last 30 days.'),
    ).toBeInTheDocument();
    expect(screen.getByText('No finished pipeline runs')).toBeInTheDocument();
    expect(screen.getByText('–')).toBeInTheDocument();
    expect(
      within(screen.getByRole('group', { name: 'Open incidents' })).getByText(
        '0',
      ),
    ).toBeInTheDocument();
  });

  it('says "No data yet" and how data arrives while no production deployment was recorded', async () => {
    const empty = { items: [], totalCount: 0, limit: 500, offset: 0 };
    await render(
      fakeDeliveryApi({
        getMetrics: jest.fn(async () => ({
          ...metricsResponse,
          noDataYet: true,
        })),
        getDeployments: jest.fn(async () => ({ ...empty, limit: 100 })),
      }),
    );

    const note = await screen.findByRole('note', { name: 'No data yet' });
    expect(note).toHaveTextContent(
      /No production deployment of this component/,
    );
    expect(note).toHaveTextContent(/delivery events API/);
    expect(note).toHaveTextContent(/GitHub webhook/);
    expect(
      within(note).getByRole('link', { name: 'What to send' }),
    ).toHaveAttribute(
      'href',
      '/docs/default/component/launchpad-portal/dora-metrics/#what-to-send',
    );
    // the pipeline runs are still shown
    expect(
      screen.getByText('9 of 10 finished runs succeeded'),
    ).toBeInTheDocument();
  });

  it('shows no "No data yet" once a production deployment was recorded', async () => {
    await render(fakeDeliveryApi());

    await screen.findByRole('group', { name: 'Open incidents' });
    expect(screen.queryByRole('note', { name: 'No data yet' })).toBeNull();
  });

  it('says "1 finished run" in the singular', async () => {
    await render(
      fakeDeliveryApi({
        getPipelineRuns: jest.fn(async () => ({
          ...pipelineRunsResponse,
          items: pipelineRunsResponse.items.slice(2, 3),
          totalCount: 1,
        })),
      }),
    );

    expect(
      await screen.findByText('0 of 1 finished run succeeded'),
    ).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    await render(
      fakeDeliveryApi({ getIncidents: jest.fn(() => new Promise(() => {})) }),
    );

    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Open incidents' })).toBeNull();
  });

  it('shows the backend error', async () => {
    const error = await notFoundError(
      'No entity component:default/payments-api',
    );
    await render(
      fakeDeliveryApi({
        getPipelineRuns: jest.fn(async () => Promise.reject(error)),
      }),
    );

    expect(
      (await screen.findAllByText(/No entity component:default\/payments-api/))
        .length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('group', { name: 'Open incidents' })).toBeNull();
  });

  it('says the figures of an example service are demo data', async () => {
    await render(fakeDeliveryApi(), {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          [ANNOTATION_DEMO_DATA]: 'true',
        },
      },
    });

    const notice = await screen.findByRole('note', { name: 'Demo data' });
    expect(notice).toHaveTextContent(/generated, not measured/);
    expect(
      await screen.findByRole('group', { name: 'Open incidents' }),
    ).toBeInTheDocument();
  });

  it('shows no demo notice for a service without the annotation', async () => {
    await render(fakeDeliveryApi());

    await screen.findByRole('group', { name: 'Open incidents' });
    expect(screen.queryByRole('note', { name: 'Demo data' })).toBeNull();
  });

  it('asks for the GitHub annotation when the entity has none', async () => {
    const api = fakeDeliveryApi();
    await render(api, {
      ...entity,
      metadata: { name: 'no-slug', namespace: 'default' },
    });

    expect(await screen.findByText(/Missing Annotation/i)).toBeInTheDocument();
    await waitFor(() => expect(api.getDeployments).not.toHaveBeenCalled());
  });
});
