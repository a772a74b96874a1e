import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { Page, PipelineRunRow } from '@internal/plugin-delivery-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeDeliveryApi,
  notFoundError,
} from '../../__testUtils__/fakeDeliveryApi';
import { paymentsApiEntity } from '../../__testUtils__/renderForEntity';
import { pipelineRunsResponse } from '../../__testUtils__/responses';
import { DeliveryApi, deliveryApiRef } from '../../api';
import { PipelinesContent } from './PipelinesContent';

jest.setTimeout(30_000);

const render = (
  api: DeliveryApi,
  path = '/',
  entity: Entity = paymentsApiEntity,
) =>
  renderInTestApp(
    <TestApiProvider apis={[[deliveryApiRef, api]]}>
      <EntityProvider entity={entity}>
        <PipelinesContent />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [path] },
  );

const emptyPage: Page<PipelineRunRow> = {
  items: [],
  totalCount: 0,
  limit: 20,
  offset: 0,
};

/** The Backstage table (inside its card) whose title is `title`. */
const tableTitled = async (title: string) =>
  within(
    (await screen.findByRole('heading', { name: title })).closest(
      '.MuiPaper-root',
    ) as HTMLElement,
  ).getByRole('table');

const lastQuery = (api: jest.Mocked<DeliveryApi>) =>
  api.getPipelineRuns.mock.calls[api.getPipelineRuns.mock.calls.length - 1][0];

describe('PipelinesContent', () => {
  it('shows the runs with their status, commit, actor, duration, attempt and a link to each run', async () => {
    const api = fakeDeliveryApi({
      getPipelineRuns: jest.fn(async () => ({
        ...pipelineRunsResponse,
        items: [
          { ...pipelineRunsResponse.items[2], attempt: 2 },
          {
            ...pipelineRunsResponse.items[0],
            url: ['javascript', 'alert(1)'].join(':'),
          },
        ],
        totalCount: 2,
      })),
    });
    await render(api);

    const table = await tableTitled('Runs');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]).getByText('Failure')).toBeInTheDocument();
    expect(
      within(rows[0]).getByRole('link', { name: /ci run/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-api/actions/runs/310',
    );
    expect(
      within(rows[0]).getByRole('link', { name: /^9fceb02/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-api/commit/9fceb02d0ae598e95dc970b74767f19372d61af8',
    );
    expect(within(rows[0]).getByText('grace.hopper')).toBeInTheDocument();
    expect(within(rows[0]).getByText('8 min')).toBeInTheDocument();
    expect(within(rows[0]).getByText('2 (re-run)')).toBeInTheDocument();
    // the start, with its date, time and zone for people who hover
    const started = rows[0].querySelector('time')!;
    expect(started).toHaveAttribute('datetime', '2026-11-19T16:00:00.000Z');
    await userEvent.hover(started);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      /2026.*\d:\d\d:\d\d.*UTC/,
    );
    // a URL that is not http or https is no link
    expect(within(rows[1]).getByText('In progress')).toBeInTheDocument();
    expect(within(rows[1]).queryByRole('link', { name: /ci run/ })).toBeNull();
    expect(within(rows[1]).getByText('ci')).toBeInTheDocument();
    expect(screen.getByText('2 runs')).toBeInTheDocument();

    expect(lastQuery(api)).toMatchObject({
      entityRef: 'component:default/payments-api',
      limit: 20,
      offset: 0,
    });
  });

  it('shows each workflow with its success rate, durations and flaky commits', async () => {
    await render(fakeDeliveryApi());
    const table = await tableTitled('Workflows');
    const ci = within(table).getByText('ci').closest('tr')!;
    expect(within(ci).getByText('12 runs')).toBeInTheDocument();
    expect(within(ci).getByText('90% (9 of 10)')).toBeInTheDocument();
    expect(within(ci).getByText('8 min')).toBeInTheDocument();
    expect(within(ci).getByText('13 min')).toBeInTheDocument();
    expect(within(ci).getByText('11.1% (1 of 9 commits)')).toBeInTheDocument();
    const deploy = within(table).getByText('deploy').closest('tr')!;
    expect(within(deploy).getByText('1 run')).toBeInTheDocument();
    expect(within(deploy).getByText('no finished run')).toBeInTheDocument();
  });

  it('reads the filters and page from the URL and asks the backend for that page', async () => {
    const api = fakeDeliveryApi();
    await render(
      api,
      '/?workflow=ci&branch=main&status=failure&page=3&rows=50&days=7',
    );
    await tableTitled('Runs');
    expect(lastQuery(api)).toMatchObject({
      workflow: 'ci',
      branch: 'main',
      status: 'failure',
      limit: 50,
      offset: 100,
    });
    const { from, to } = lastQuery(api);
    expect(to!.getTime() - from!.getTime()).toBe(7 * 86_400_000);
  });

  it('filters by status, workflow and branch, each change going back to the first page', async () => {
    const api = fakeDeliveryApi();
    await render(api, '/?page=2');
    await tableTitled('Runs');
    expect(lastQuery(api).offset).toBe(20);

    await userEvent.click(screen.getByRole('button', { name: /All statuses/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Failure' }),
    );
    await waitFor(() =>
      expect(lastQuery(api)).toMatchObject({ status: 'failure', offset: 0 }),
    );

    await userEvent.click(
      screen.getByRole('button', { name: /All workflows/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'deploy' }),
    );
    await waitFor(() =>
      expect(lastQuery(api)).toMatchObject({
        status: 'failure',
        workflow: 'deploy',
      }),
    );

    const branch = screen.getByLabelText('Branch');
    await userEvent.type(branch, 'release/1.2{enter}');
    await waitFor(() =>
      expect(lastQuery(api)).toMatchObject({ branch: 'release/1.2' }),
    );
  });

  it('pages on the server', async () => {
    const api = fakeDeliveryApi({
      getPipelineRuns: jest.fn(async query => ({
        ...pipelineRunsResponse,
        totalCount: 45,
        limit: query.limit!,
        offset: query.offset!,
      })),
    });
    await render(api);
    expect(await screen.findByText(/^1\D20 of 45$/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(lastQuery(api).offset).toBe(20));
    expect(await screen.findByText(/^21\D40 of 45$/)).toBeInTheDocument();
  });

  it('shows progress while the runs load', async () => {
    const api = fakeDeliveryApi({
      getPipelineRuns: jest.fn(() => new Promise<never>(() => {})),
      getPipelineSummary: jest.fn(() => new Promise<never>(() => {})),
    });
    await render(api);
    expect(screen.getAllByTestId('progress').length).toBeGreaterThan(0);
  });

  it('shows the error of the part that failed, and loads it again on retry', async () => {
    const getPipelineRuns = jest
      .fn()
      .mockRejectedValueOnce(await notFoundError('Entity not found'))
      .mockResolvedValue(pipelineRunsResponse);
    const api = fakeDeliveryApi({ getPipelineRuns });
    await render(api);
    expect(
      (await screen.findAllByText(/Entity not found/)).length,
    ).toBeGreaterThan(0);
    // the workflows still show
    expect(await tableTitled('Workflows')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await tableTitled('Runs')).toBeInTheDocument();
    expect(getPipelineRuns).toHaveBeenCalledTimes(2);
  });

  it('says how runs arrive when none has been recorded', async () => {
    const api = fakeDeliveryApi({
      getPipelineRuns: jest.fn(async () => emptyPage),
      getPipelineSummary: jest.fn(async () => ({
        from: '2026-10-21T00:00:00.000Z',
        to: '2026-11-20T00:00:00.000Z',
        workflows: [],
      })),
    });
    await render(api);
    const note = await screen.findByRole('note', {
      name: 'No pipeline runs yet',
    });
    expect(
      within(note).getByText('No pipeline runs in the last 30 days'),
    ).toBeInTheDocument();
    expect(within(note).getByText(/Workflow runs/)).toBeInTheDocument();
    expect(
      within(note).getAllByText(/events\/pipeline-runs/).length,
    ).toBeGreaterThan(0);
    expect(
      within(note).getByRole('button', { name: /copy/i }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Workflows' })).toBeNull();
  });

  it('says when no run matches the filters, and clears them', async () => {
    const api = fakeDeliveryApi({
      getPipelineRuns: jest.fn(async () => emptyPage),
    });
    await render(api, '/?status=timed_out');
    expect(
      await screen.findByText('No runs match these filters in the window.'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    await waitFor(() => expect(lastQuery(api).status).toBeUndefined());
  });

  it('asks for the annotation on a component without a repository', async () => {
    const api = fakeDeliveryApi();
    await render(api, '/', {
      ...paymentsApiEntity,
      metadata: { name: 'no-repo', annotations: {} },
    });
    expect(
      (await screen.findAllByText(/github.com\/project-slug/)).length,
    ).toBeGreaterThan(0);
    expect(api.getPipelineRuns).not.toHaveBeenCalled();
  });
});
