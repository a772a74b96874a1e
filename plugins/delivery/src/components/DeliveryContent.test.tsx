import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { configApiRef } from '@backstage/core-plugin-api';
import { TestApiProvider, mockApis } from '@backstage/test-utils';
import { ANNOTATION_DEMO_DATA } from '@internal/plugin-delivery-common';
import { fakeDeliveryApi } from '../__testUtils__/fakeDeliveryApi';
import {
  deploymentsResponse,
  metricsResponse,
  multiEnvironmentDeploymentsResponse,
  seriesResponse,
} from '../__testUtils__/responses';
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
    // the window's first and last day (it ends at midnight UTC, the tests' zone)
    expect(
      screen.getByText('production, prod, live from 2026-10-21 to 2026-11-19'),
    ).toBeInTheDocument();
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
    expect(within(recovery).getByText('Not enough data')).toBeInTheDocument();
    expect(within(recovery).getByText('At least 5 needed')).toBeInTheDocument();
    expect(
      within(recovery).getByText('n = 3 failed deployments'),
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
      screen.getByText('1 failed deployment has not recovered yet'),
    ).toBeInTheDocument();

    const chart = await screen.findByRole('img', {
      name: 'Weekly trend over 5 weeks',
    });
    expect(within(chart).getByText('Failed deployments')).toBeInTheDocument();
    expect(within(chart).getByText('Lead time median (h)')).toBeInTheDocument();
    expect(within(chart).getByText('2026-10-21')).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: /^9fceb02/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-api/actions/runs/123456',
    );
    expect(
      screen.getByText(
        'The 2 newest of 64 deployments to production, prod, live in the window, of any status',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Hotfix')).toBeInTheDocument();
    expect(screen.getAllByText('Succeeded')).toHaveLength(2);
    // the card counts the same 64
    expect(
      screen.getByRole('note', { name: 'Deployments counted' }),
    ).toHaveTextContent(
      'Deployment frequency counts all 64 deployments of the window. Show them.',
    );
  });

  it('says why the deployments table lists more than the frequency counts, and links the counted ones', async () => {
    const api = fakeApi();
    api.getMetrics.mockResolvedValue({
      ...metricsResponse,
      deploymentFrequency: {
        ...metricsResponse.deploymentFrequency,
        count: 60,
      },
    });
    await render(api);

    const note = await screen.findByRole('note', {
      name: 'Deployments counted',
    });
    expect(note).toHaveTextContent(
      'Deployment frequency counts 60 of the 64 deployments of the window: the successful ones. Failed, cancelled and unfinished rollouts count in no figure.',
    );
    // the table's statuses name fewer failures than the change failure rate counts
    expect(note).toHaveTextContent(
      'The change failure rate counts 5 deployments of the window as failed in production, whatever the status here: repaired by a rollback or a hotfix, or blamed for an incident.',
    );
    await userEvent.click(
      within(note).getByRole('link', { name: 'Show them' }),
    );
    expect(
      await screen.findByText('Deployments behind the deployment frequency'),
    ).toBeInTheDocument();
  });

  it('asks for the entity over the last 30 days of its production environments by default', async () => {
    const api = fakeApi();
    await render(api);
    await screen.findByRole('group', { name: 'Deployment frequency' });

    expect(api.getMetrics).toHaveBeenCalledTimes(1);
    const { reportYear, ...query } = api.getMetrics.mock.calls[0][0];
    expect(reportYear).toBe(2024);
    expect(query.entityRef).toBe('component:default/payments-api');
    expect(query.environment).toBeUndefined();
    expect(query.to!.getTime() - query.from!.getTime()).toBe(30 * 86_400_000);
    expect(api.getSeries.mock.calls[0][0]).toEqual(query);
    expect(api.getDeployments).toHaveBeenCalledWith({ ...query, limit: 50 });
  });

  it('reads the window, environment and report year from the URL', async () => {
    const api = fakeApi();
    await renderForEntity(
      <DeliveryContent />,
      api,
      entity,
      '/?window=90&env=staging&year=2023',
    );
    await screen.findByRole('group', { name: 'Deployment frequency' });

    const query = api.getMetrics.mock.calls[0][0];
    expect(query.reportYear).toBe(2023);
    expect(query.environment).toBe('staging');
    expect(query.to!.getTime() - query.from!.getTime()).toBe(90 * 86_400_000);
    expect(api.getMetrics).toHaveBeenCalledTimes(1);
  });

  it('computes over a custom range of whole days, the last one included', async () => {
    const api = fakeApi();
    await renderForEntity(
      <DeliveryContent />,
      api,
      entity,
      '/?window=custom&from=2026-01-01&to=2026-01-31',
    );
    await screen.findByRole('group', { name: 'Deployment frequency' });

    const { from, to } = api.getMetrics.mock.calls[0][0];
    expect(from).toEqual(new Date(2026, 0, 1));
    expect(to).toEqual(new Date(2026, 1, 1));
    expect(screen.getByLabelText('First day')).toHaveValue('2026-01-01');
    expect(screen.getByLabelText('Last day')).toHaveValue('2026-01-31');
  });

  it('says why a custom range cannot be used and shows the default window instead', async () => {
    const api = fakeApi();
    await renderForEntity(
      <DeliveryContent />,
      api,
      entity,
      '/?window=custom&from=2026-02-01&to=2026-01-01',
    );

    expect(
      await screen.findByText(
        /The last day of the range is before its first day. Showing the last 30 days instead./,
      ),
    ).toBeInTheDocument();
    const { from, to } = api.getMetrics.mock.calls[0][0];
    expect(to!.getTime() - from!.getTime()).toBe(30 * 86_400_000);
  });

  it('offers the environments the component deployed to', async () => {
    const api = fakeApi({
      getDeployments: jest.fn(async query =>
        query.allEnvironments
          ? multiEnvironmentDeploymentsResponse
          : deploymentsResponse,
      ),
    });
    await render(api);
    await screen.findByRole('group', { name: 'Deployment frequency' });

    const select = screen.getByText('Production environments');
    fireEvent.mouseDown(select);
    const options = (await screen.findAllByRole('option')).map(
      o => o.textContent,
    );
    expect(options).toEqual([
      'Production environments',
      'prod-eu',
      'production',
      'staging',
    ]);
    fireEvent.click(screen.getByRole('option', { name: 'prod-eu' }));
    await waitFor(() =>
      expect(api.getMetrics).toHaveBeenLastCalledWith(
        expect.objectContaining({ environment: 'prod-eu' }),
      ),
    );
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

  it('shows progress while the weekly trend loads, and says when the window has no week', async () => {
    let answer: (series: any) => void = () => {};
    const getSeries = jest.fn(
      () => new Promise<any>(resolve => (answer = resolve)),
    );
    await render(fakeApi({ getSeries }));
    const trend = () =>
      screen.getByText('Weekly trend').closest('.MuiCard-root') as HTMLElement;

    await screen.findByText('Weekly trend');
    expect(within(trend()).getByTestId('progress')).toBeInTheDocument();
    answer({ ...seriesResponse, buckets: [] });
    expect(
      await within(trend()).findByText('No weekly data in the window.'),
    ).toBeInTheDocument();
  });

  it('says when the weekly trend cannot be read, and draws it on retry', async () => {
    const getSeries = jest
      .fn()
      .mockRejectedValueOnce(new Error('series unavailable'))
      .mockResolvedValue(seriesResponse);
    await render(fakeApi({ getSeries }));

    expect(
      (await screen.findAllByText(/series unavailable/)).length,
    ).toBeGreaterThan(0);
    // the figures above are not affected
    expect(
      screen.getByRole('group', { name: 'Deployment frequency' }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('img', { name: /Weekly trend over 5 weeks/ }),
    ).toBeInTheDocument();
  });

  it('shows progress while the deployments load, and says when the window has none', async () => {
    const pending: ((page: any) => void)[] = [];
    // the environments offered come from a read of every environment
    const getDeployments = jest.fn((query: any) =>
      query.allEnvironments
        ? Promise.resolve(deploymentsResponse)
        : new Promise<any>(resolve => pending.push(resolve)),
    );
    await render(fakeApi({ getDeployments }));
    await screen.findByRole('group', { name: 'Deployment frequency' });
    expect(screen.queryByText('Recent deployments')).toBeNull();

    expect(screen.getAllByTestId('progress').length).toBeGreaterThan(0);
    pending.forEach(answer =>
      answer({ items: [], totalCount: 0, limit: 50, offset: 0 }),
    );
    // material-table draws its empty row twice
    await waitFor(() =>
      expect(
        screen.getByText('No deployments in the window.'),
      ).toBeInTheDocument(),
    );
    // nothing to count: no line about what the figure counts
    expect(
      screen.queryByRole('note', { name: 'Deployments counted' }),
    ).toBeNull();
  });

  it('says when the deployments cannot be read, and lists them on retry', async () => {
    const getDeployments = jest.fn(async (query: any) => {
      if (query.allEnvironments) return deploymentsResponse;
      if (
        getDeployments.mock.calls.filter(([q]: any) => !q.allEnvironments)
          .length === 1
      ) {
        throw new Error('deployments unavailable');
      }
      return deploymentsResponse;
    });
    await render(fakeApi({ getDeployments }));

    expect(
      (await screen.findAllByText(/deployments unavailable/)).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Recent deployments')).toBeInTheDocument();
  });

  it('says "No data yet" in place of every figure, with no level, when no deployment was ever recorded', async () => {
    const none = { level: null, notEnoughData: true, sampleSize: 0 };
    const noDuration = { ...none, median: null, p90: null };
    const noRate = { ...none, value: null, numerator: 0 };
    const api = fakeApi({
      // as the backend answers for a service without any event
      getMetrics: jest.fn(async () => ({
        ...metricsResponse,
        noDataYet: true,
        deploymentFrequency: {
          ...none,
          count: 0,
          perDay: 0,
          perWeek: 0,
          medianDeployDaysPerWeek: 0,
          sampleSize: 4,
        },
        changeLeadTime: noDuration,
        changeFailureRate: noRate,
        failedDeploymentRecoveryTime: noDuration,
        deploymentReworkRate: noRate,
        timeToRestoreService: noDuration,
        dataQuality: {
          ...metricsResponse.dataQuality,
          warnings: ['no data yet: no deployment has been recorded'],
        },
      })),
    });
    await render(api);

    const note = await screen.findByRole('note', { name: 'No data yet' });
    expect(note).toHaveTextContent(
      /delivery events API \(POST \/api\/delivery\/events\/deployments/,
    );
    expect(note).toHaveTextContent(/GitHub webhook/);
    expect(
      within(note).getByRole('link', { name: 'What to send' }),
    ).toHaveAttribute(
      'href',
      '/docs/default/component/launchpad-portal/dora-metrics/#what-to-send',
    );
    for (const name of [
      'Deployment frequency',
      'Change lead time',
      'Change failure rate',
      'Failed deployment recovery time',
      'Deployment rework rate',
      'Time to restore service',
    ]) {
      const card = screen.getByRole('group', { name });
      expect(within(card).getByText('No data yet')).toBeInTheDocument();
      // no figure: neither "0 per week" nor "– median", no p90, no share
      expect(card).not.toHaveTextContent(/per (week|day)|median|p90|–|%/);
      expect(within(card).queryByText(/Not enough data/)).toBeNull();
      expect(within(card).queryByText(/^DORA/)).toBeNull();
      expect(
        within(card).queryByRole('link', { name: /show the rows/ }),
      ).toBeNull();
    }
    expect(screen.queryByText('Elite')).toBeNull();
    expect(screen.queryByText('High')).toBeNull();
    // a step to copy into the deploying job, naming the secret it reads
    expect(note).toHaveTextContent(/LAUNCHPAD_DELIVERY_TOKEN/);
    const step = note.querySelector('pre')?.textContent;
    expect(step).toMatch(/^- name: Report this deployment to Launchpad/);
    expect(step).toContain('$LAUNCHPAD_URL/api/delivery/events/deployments');
    expect(
      within(note).getByRole('button', { name: /copy/i }),
    ).toBeInTheDocument();
    // nothing recorded: no data quality summary, trend or deployments table
    expect(screen.queryByText(/Data quality/)).toBeNull();
    expect(screen.queryByText('Weekly trend')).toBeNull();
    expect(screen.queryByText('Recent deployments')).toBeNull();
  });

  it('says "Not enough data" in place of a figure computed from too few events, with the rows behind it', async () => {
    await render(fakeApi());

    const recovery = await screen.findByRole('group', {
      name: 'Failed deployment recovery time',
    });
    // 3 failed deployments give a median of 1.5 h, but 5 are needed
    expect(
      within(recovery).getByRole('link', {
        name: 'Failed deployment recovery time: Not enough data, show the rows behind it',
      }),
    ).toHaveTextContent(/^Not enough data$/);
    expect(recovery).not.toHaveTextContent(/1\.5 h|3\.6 h|median|p90/);
    expect(within(recovery).getByText('At least 5 needed')).toBeInTheDocument();
    expect(within(recovery).queryByText(/DORA|level/i)).toBeNull();
    expect(screen.queryByText('No data yet')).toBeNull();
    expect(screen.queryByRole('note', { name: 'No data yet' })).toBeNull();
  });

  it('shows the time to restore with the open incidents it leaves out', async () => {
    await render(fakeApi());

    const restore = await screen.findByRole('group', {
      name: 'Time to restore service',
    });
    expect(within(restore).getByText('Not enough data')).toBeInTheDocument();
    expect(within(restore).queryByText(/1\.2 h/)).toBeNull();
    expect(
      within(restore).getByRole('note', { name: 'Open incidents left out' }),
    ).toHaveTextContent(
      'Leaves out 2 open incidents (Q42, Q43): their duration is not known yet',
    );
    expect(
      within(restore).getByText('n = 4 resolved incidents'),
    ).toBeInTheDocument();
  });

  it('puts nouns in the singular for one', async () => {
    const one = { numerator: 1, sampleSize: 1, value: 1 };
    await render(
      fakeApi({
        getMetrics: jest.fn(async () => ({
          ...metricsResponse,
          deploymentFrequency: {
            ...metricsResponse.deploymentFrequency,
            count: 1,
            medianDeployDaysPerWeek: 1,
            sampleSize: 1,
          },
          changeLeadTime: { ...metricsResponse.changeLeadTime, sampleSize: 1 },
          changeFailureRate: { ...metricsResponse.changeFailureRate, ...one },
          deploymentReworkRate: {
            ...metricsResponse.deploymentReworkRate,
            ...one,
          },
          timeToRestoreService: {
            ...metricsResponse.timeToRestoreService,
            sampleSize: 1,
            openIncidents: ['Q42'],
          },
        })),
      }),
    );

    const frequency = await screen.findByRole('group', {
      name: 'Deployment frequency',
    });
    expect(
      within(frequency).getByText('1 deployment, median 1 deploy day per week'),
    ).toBeInTheDocument();
    expect(within(frequency).getByText('n = 1 full week')).toBeInTheDocument();
    const leadTime = screen.getByRole('group', { name: 'Change lead time' });
    expect(within(leadTime).getByText('n = 1 change')).toBeInTheDocument();
    const failureRate = screen.getByRole('group', {
      name: 'Change failure rate',
    });
    expect(
      within(failureRate).getByText('1 of 1 deployment failed'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('1 of 1 deployment was rework'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('note', { name: 'Open incidents left out' }),
    ).toHaveTextContent(/^Leaves out 1 open incident \(Q42\)/);
  });

  it('says the figures of an example service are demo data', async () => {
    await render(fakeApi(), {
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
    expect(
      within(notice).getByText(
        'Warning: Demo data — these figures are generated, not measured',
      ),
    ).toBeInTheDocument();
    expect(within(notice).getByText(ANNOTATION_DEMO_DATA)).toBeInTheDocument();
  });

  it('shows no demo notice for a service without the annotation', async () => {
    await render(fakeApi());

    await screen.findByRole('group', { name: 'Deployment frequency' });
    expect(screen.queryByRole('note', { name: 'Demo data' })).toBeNull();
    expect(screen.queryByText(/generated, not measured/)).toBeNull();
  });

  it('links every figure to the section of the definitions page that explains it', async () => {
    await render(fakeApi());
    await screen.findByRole('group', { name: 'Deployment frequency' });

    const sections = {
      'Deployment frequency': 'deployment-frequency',
      'Change lead time': 'change-lead-time',
      'Change failure rate': 'change-failure-rate',
      'Failed deployment recovery time': 'failed-deployment-recovery-time',
      'Deployment rework rate': 'deployment-rework-rate',
      'Time to restore service': 'time-to-restore-service',
    };
    for (const [name, section] of Object.entries(sections)) {
      const card = screen.getByRole('group', { name });
      expect(
        within(card).getByRole('link', { name: 'How is this computed?' }),
      ).toHaveAttribute(
        'href',
        `/docs/default/component/launchpad-portal/dora-metrics/#${section}`,
      );
    }
  });

  it('links to the definitions page the config names', async () => {
    const config = mockApis.config({
      data: {
        delivery: { metricsDocsUrl: 'https://docs.acme.example/dora/' },
      },
    });
    await renderForEntity(
      <TestApiProvider apis={[[configApiRef, config]]}>
        <DeliveryContent />
      </TestApiProvider>,
      fakeApi(),
    );

    const leadTime = await screen.findByRole('group', {
      name: 'Change lead time',
    });
    // an absolute address opens in a new window
    expect(
      within(leadTime).getByRole('link', { name: /^How is this computed\?/ }),
    ).toHaveAttribute(
      'href',
      'https://docs.acme.example/dora/#change-lead-time',
    );
  });

  it('asks for the levels of the report year chosen', async () => {
    const api = fakeApi();
    await render(api);
    await screen.findByRole('group', { name: 'Deployment frequency' });

    fireEvent.mouseDown(
      within(screen.getByTestId('report-year')).getByRole('button'),
    );
    fireEvent.click(await screen.findByRole('option', { name: 'DORA 2023' }));

    await waitFor(() => expect(api.getMetrics).toHaveBeenCalledTimes(2));
    expect(api.getMetrics.mock.calls[1][0].reportYear).toBe(2023);
    expect(api.getMetrics.mock.calls[1][0].entityRef).toBe(
      'component:default/payments-api',
    );
  });

  it('says beside a 2024 level that it is the nearest cluster', async () => {
    await render(
      fakeApi({
        getMetrics: jest.fn(async () => ({
          ...metricsResponse,
          reportYear: 2024,
          changeFailureRate: {
            ...metricsResponse.changeFailureRate,
            levelNote:
              'DORA 2024 gives each level a typical change failure rate (elite 5%, high 20%, medium 10%, low 40%)',
          },
        })),
      }),
    );

    const failureRate = await screen.findByRole('group', {
      name: 'Change failure rate',
    });
    expect(
      within(failureRate).getByText('DORA 2024, nearest cluster'),
    ).toBeInTheDocument();
    expect(
      within(failureRate).getByLabelText('Change failure rate level note'),
    ).toHaveTextContent(/elite 5%, high 20%, medium 10%, low 40%/);
    const leadTime = screen.getByRole('group', { name: 'Change lead time' });
    expect(within(leadTime).getByText('DORA 2024')).toBeInTheDocument();
    expect(
      within(leadTime).queryByLabelText('Change lead time level note'),
    ).toBeNull();
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
