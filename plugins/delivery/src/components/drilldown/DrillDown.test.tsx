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

  it('lists the incidents behind the failure rate with how long each took to restore', async () => {
    const api = fakeDeliveryApi();
    await renderForEntity(
      <DrillDown
        figure="change-failure-rate"
        query={query}
        onClose={jest.fn()}
      />,
      api,
    );

    const rows = await rowsOf();
    expect(rows.map(r => r[2])).toEqual(['Still open', 'Still open', '45 min']);
    expect(api.getIncidents).toHaveBeenCalledWith({
      ...query,
      limit: 100,
      state: 'all',
    });
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
