import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeDeliveryApi } from '../../__testUtils__/fakeDeliveryApi';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { DeliveryContent } from '../DeliveryContent';
import { DrillDown } from './DrillDown';

const query = {
  entityRef: 'component:default/payments-api',
  from: new Date('2026-10-21T00:00:00Z'),
  to: new Date('2026-11-20T00:00:00Z'),
};

const rowsOf = async () =>
  (await screen.findAllByRole('row')).slice(1).map(row =>
    within(row)
      .getAllByRole('cell')
      .map(c => c.textContent),
  );

describe('DrillDown', () => {
  it('lists the changes behind the lead time, linked to GitHub, and why a change is not counted', async () => {
    const api = fakeDeliveryApi();
    await renderForEntity(
      <DrillDown figure="change-lead-time" query={query} onClose={jest.fn()} />,
      api,
    );

    const rows = await rowsOf();
    // external links say that they open a new window
    const names = rows.map(r => [
      r[0]!.replace(', Opens in a new window', ''),
      r[3],
    ]);
    expect(names).toEqual([
      ['#118 Retry card authorisations once', '5.5 h'],
      ['3d4e5f6', 'Not counted: no first commit'],
      [
        '#117 Clock of the laptop ran fast',
        'Not counted: first commit after deployment',
      ],
    ]);
    expect(
      screen.getByRole('link', { name: /#118 Retry card authorisations once/ }),
    ).toHaveAttribute('href', 'https://github.com/acme/payments-api/pull/118');
    expect(screen.getByText('The 3 newest of 112.')).toBeInTheDocument();
    expect(api.getChanges).toHaveBeenCalledWith({ ...query, limit: 100 });
  });

  it('lists the failed deployments behind the failure rate, as many as it counts, then the incidents with how long each took to restore', async () => {
    const api = fakeDeliveryApi();
    await renderForEntity(
      <DrillDown
        figure="change-failure-rate"
        query={query}
        onClose={jest.fn()}
      />,
      api,
    );

    expect(
      await screen.findByText(
        'Failed deployments behind the change failure rate',
      ),
    ).toBeInTheDocument();
    const tables = await screen.findAllByRole('table');
    expect(tables).toHaveLength(2);
    const incidentRows = (await within(tables[1]).findAllByRole('row'))
      .slice(1)
      .map(row =>
        within(row)
          .getAllByRole('cell')
          .map(c => c.textContent),
      );
    expect(incidentRows.map(r => r[2])).toEqual([
      'Still open',
      'Still open',
      '45 min',
    ]);
    expect(api.getIncidents).toHaveBeenCalledWith({
      ...query,
      limit: 100,
      state: 'all',
    });
  });

  it('lists the deployments behind the deployment frequency with their kind, readable refs and whether each caused a failure', async () => {
    const api = fakeDeliveryApi();
    await renderForEntity(
      <DrillDown
        figure="deployment-frequency"
        query={query}
        onClose={jest.fn()}
      />,
      api,
    );

    expect(
      await screen.findByText('Deployments behind the deployment frequency'),
    ).toBeInTheDocument();
    // successful rollouts: whether each failed in production, not as a rollout
    expect(
      screen
        .getAllByRole('columnheader')
        .map(h => h.textContent)
        .slice(-2),
    ).toEqual(['Kind', 'Caused a failure']);
    const rows = (await rowsOf()).map(r =>
      r.slice(1).map(c => c?.replace(', Opens in a new window', '')),
    );
    expect(rows).toEqual([
      [
        'production',
        '7a1b2c3',
        'fix/double-charge-on-retry-when-card-de…',
        'Fix: ships a hotfix change or one naming an open incident',
        'No',
      ],
      ['production', '3d4e5f6', 'hotfix/card-timeout', 'Hotfix', 'No'],
      ['production', '1f2e3d4', 'tag v2.4.0', 'Planned', 'Yes'],
    ]);
    // the whole ref on hover
    expect(
      screen.getByLabelText(
        'refs/heads/fix/double-charge-on-retry-when-card-declines',
      ),
    ).toBeInTheDocument();
    // a link that is no web address falls back to the commit on GitHub
    expect(screen.getByRole('link', { name: /^1f2e3d4/ })).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-api/commit/1f2e3d4c5b6a79880716253443526170f8e9d0c1',
    );
    expect(screen.getByText('The 3 newest of 64.')).toBeInTheDocument();
    expect(api.getCountedDeployments).toHaveBeenCalledWith({
      ...query,
      limit: 100,
    });
  });

  it('lists only the rework deployments behind the rework rate', async () => {
    const api = fakeDeliveryApi();
    await renderForEntity(
      <DrillDown
        figure="deployment-rework-rate"
        query={query}
        onClose={jest.fn()}
      />,
      api,
    );

    const rows = await rowsOf();
    expect(rows.map(r => r[4])).toEqual([
      'Fix: ships a hotfix change or one naming an open incident',
      'Hotfix',
    ]);
    expect(api.getCountedDeployments).toHaveBeenCalledWith({
      ...query,
      limit: 100,
      rework: true,
    });
  });

  it('lists the failed deployments behind the recovery time with how long each took, then the incidents', async () => {
    const api = fakeDeliveryApi();
    await renderForEntity(
      <DrillDown
        figure="failed-deployment-recovery-time"
        query={query}
        onClose={jest.fn()}
      />,
      api,
    );

    const [deployments, incidents] = await screen.findAllByRole('table');
    await within(deployments).findByText('1.5 h');
    expect(
      within(deployments).getByRole('columnheader', {
        name: 'Recovered after',
      }),
    ).toBeInTheDocument();
    expect(within(deployments).getAllByRole('row')).toHaveLength(2);
    expect(
      within(incidents).getByRole('columnheader', {
        name: 'Failed deployment',
      }),
    ).toBeInTheDocument();
    expect(api.getCountedDeployments).toHaveBeenCalledWith({
      ...query,
      limit: 100,
      failed: true,
    });
  });

  it('lists the incidents behind the time to restore, with how long each lasted, and no deployments', async () => {
    const api = fakeDeliveryApi();
    await renderForEntity(
      <DrillDown
        figure="time-to-restore-service"
        query={query}
        onClose={jest.fn()}
      />,
      api,
    );

    expect(
      await screen.findByText('Incidents behind the time to restore'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Those still open are not in the figure/),
    ).toBeInTheDocument();
    expect((await rowsOf()).map(r => r[2])).toEqual([
      'Still open',
      'Still open',
      '45 min',
    ]);
    expect(screen.getAllByRole('table')).toHaveLength(1);
    expect(api.getIncidents).toHaveBeenCalledWith({
      ...query,
      limit: 100,
      state: 'all',
    });
    expect(api.getCountedDeployments).not.toHaveBeenCalled();
  });

  it('shows progress while the rows load, and says when there are none', async () => {
    let answer: (page: any) => void = () => {};
    const getCountedDeployments = jest.fn(
      () => new Promise<any>(resolve => (answer = resolve)),
    );
    await renderForEntity(
      <DrillDown
        figure="deployment-rework-rate"
        query={query}
        onClose={jest.fn()}
      />,
      fakeDeliveryApi({ getCountedDeployments }),
    );
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    answer({ items: [], totalCount: 0, limit: 100, offset: 0 });
    expect(
      await screen.findByText('No deployment of the window was rework.'),
    ).toBeInTheDocument();
  });

  it('shows the error with a retry that loads the rows again', async () => {
    const getChanges = jest
      .fn()
      .mockRejectedValueOnce(new Error('backend unavailable'))
      .mockResolvedValue({ items: [], totalCount: 0, limit: 100, offset: 0 });
    await renderForEntity(
      <DrillDown figure="change-lead-time" query={query} onClose={jest.fn()} />,
      fakeDeliveryApi({ getChanges }),
    );

    expect(
      (await screen.findAllByText(/backend unavailable/)).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByText('No change was deployed in the window.'),
    ).toBeInTheDocument();
  });

  it('opens the deployments behind the frequency from its figure on the Delivery tab', async () => {
    const api = fakeDeliveryApi();
    await renderForEntity(<DeliveryContent />, api);

    await userEvent.click(
      await screen.findByRole('link', {
        name: /Deployment frequency: 2.1 per day, show the rows behind it/,
      }),
    );
    expect(
      await screen.findByText('Deployments behind the deployment frequency'),
    ).toBeInTheDocument();
    expect(api.getCountedDeployments).toHaveBeenCalledTimes(1);
  });

  it('opens the incidents behind the time to restore from its figure on the Delivery tab', async () => {
    const api = fakeDeliveryApi();
    await renderForEntity(<DeliveryContent />, api);

    await userEvent.click(
      await screen.findByRole('link', {
        name: /Time to restore service: .*, show the rows behind it/,
      }),
    );
    expect(
      await screen.findByText('Incidents behind the time to restore'),
    ).toBeInTheDocument();
    expect(api.getIncidents).toHaveBeenCalledWith(
      expect.objectContaining({ state: 'all' }),
    );
  });

  it('opens from a figure on the Delivery tab and closes again, kept in the URL', async () => {
    const api = fakeDeliveryApi();
    await renderForEntity(<DeliveryContent />, api);

    await userEvent.click(
      await screen.findByRole('link', {
        name: /Change lead time: 5.5 h median, show the rows behind it/,
      }),
    );
    expect(
      await screen.findByText('Changes behind the lead time'),
    ).toBeInTheDocument();
    expect(api.getChanges).toHaveBeenCalledTimes(1);

    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(
      screen.queryByText('Changes behind the lead time'),
    ).not.toBeInTheDocument();
  });
});
