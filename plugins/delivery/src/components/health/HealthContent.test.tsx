import { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeDeliveryApi,
  notFoundError,
} from '../../__testUtils__/fakeDeliveryApi';
import {
  annotated,
  members,
  payments,
} from '../../__testUtils__/ownershipEntities';
import {
  paymentsApiEntity,
  renderForEntity,
} from '../../__testUtils__/renderForEntity';
import { DeliveryApi } from '../../api';
import {
  emptyHealth,
  failingHealth,
  prometheusDownHealth,
} from './__testUtils__/healthResponses';
import { HealthContent } from './HealthContent';

jest.setTimeout(30_000);

/** The Health tab of payments-api (with contacts of its own unless told), owned by payments. */
const render = (api: DeliveryApi, entity: Entity = annotated) =>
  renderForEntity(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalogApiMock({ entities: [payments, ...members] })],
      ]}
    >
      <HealthContent />
    </TestApiProvider>,
    api,
    entity,
  );

const section = (name: string) => screen.getByRole('group', { name });

describe('HealthContent', () => {
  it('answers the four questions in order: status, what changed, who can act, trend', async () => {
    const api = fakeDeliveryApi({
      getServiceHealth: jest.fn(async () => failingHealth),
    });
    await render(api);
    expect(await screen.findByLabelText('Overall status')).toHaveTextContent(
      'Failing',
    );
    expect(api.getServiceHealth).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
    const questions = [
      'Is it up?',
      'What changed before it broke?',
      'Who can act?',
      'How is it trending?',
    ].map(q => screen.getByText(q));
    questions
      .slice(1)
      .forEach((q, i) =>
        expect(
          questions[i].compareDocumentPosition(q) &
            Node.DOCUMENT_POSITION_FOLLOWING,
        ).toBeTruthy(),
      );
    const reasons = within(screen.getByLabelText('Reasons')).getAllByRole(
      'listitem',
    );
    expect(reasons.map(r => r.textContent)).toEqual(
      failingHealth.reasons.map(r => r.message),
    );
    // alert with its age, the absolute time and zone on hover
    const alertRow = screen
      .getByRole('cell', { name: 'PaymentsHighErrorRate' })
      .closest('tr')!;
    expect(within(alertRow).getByText('critical')).toBeInTheDocument();
    expect(
      within(alertRow).getByText('More than 5 % of card payments fail'),
    ).toBeInTheDocument();
    expect(alertRow.querySelector('time')).toHaveAttribute(
      'datetime',
      '2026-11-20T11:00:00.000Z',
    );
    expect(alertRow.querySelector('time')).toHaveAttribute(
      'aria-label',
      expect.stringMatching(/2026.*(UTC|GMT)/),
    );
    // what changed before the alert, linked
    const before = screen.getByRole('region', {
      name: 'Before PaymentsHighErrorRate',
    });
    expect(before).toHaveTextContent(
      'In the 6 hours before: 3 deployments, 1 change shipped to production.',
    );
    expect(
      within(before).getByRole('link', { name: /^a1b2c3d/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-api/actions/runs/41',
    );
    expect(
      within(before).getByRole('link', {
        name: /^#7 Retry card payments twice/,
      }),
    ).toHaveAttribute('href', 'https://github.com/acme/payments-api/pull/7');
    expect(within(before).getByText('and 2 more')).toBeInTheDocument();
    expect(
      within(before)
        .getByText(/^Deployment of/)
        .closest('li'),
    ).toHaveTextContent(
      /^Deployment of a1b2c3d(, Opens in a new window)? to production succeeded (.+ ago|yesterday)$/,
    );
    // who can act: the Ownership card's owner, members and contacts
    expect(
      await within(section('Owner')).findByRole('link', { name: /^payments/i }),
    ).toHaveAttribute('href', '/catalog/default/group/payments');
    expect(
      within(await screen.findByRole('list', { name: 'Members' })).getAllByRole(
        'listitem',
      ),
    ).toHaveLength(3);
    expect(section('Members')).toHaveTextContent(
      /Amir Haddad.*Bea Novak.*Zoë Keller/,
    );
    expect(section('On call')).toHaveTextContent('#payments-oncall');
    expect(
      within(section('Chat channel')).getByRole('link', {
        name: /^https:\/\/chat\.acme\.example\/payments-api/,
      }),
    ).toBeInTheDocument();
    const escalation = within(
      screen.getByRole('list', { name: 'Escalation steps' }),
    ).getAllByRole('listitem');
    expect(escalation.map(step => step.textContent)).toEqual([
      expect.stringMatching(/^bea/),
      expect.stringMatching(/^lead@acme\.example/),
      expect.stringMatching(/^https:\/\/acme\.pagerduty\.com/),
    ]);
    // a bad URL from outside is never an href: the commit link instead
    const latest = screen.getByRole('list', {
      name: 'Latest deployment per environment',
    });
    expect(latest).toHaveTextContent(
      /^production: a1b2c3d(, Opens in a new window)? succeeded (.+ ago|yesterday)$/,
    );
    expect(
      within(latest).getByRole('link', { name: /^a1b2c3d/ }),
    ).toHaveAttribute(
      'href',
      `https://github.com/acme/payments-api/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678`,
    );
    expect(
      within(screen.getByRole('list', { name: 'Open incidents' })).getByRole(
        'link',
        { name: /^Card payments fail/ },
      ),
    ).toHaveAttribute('href', 'https://status.example.com/INC-3');
    // trend
    const latency = screen.getByText('latency').closest('tr')!;
    expect(latency).toHaveTextContent('99%');
    expect(latency).toHaveTextContent('-25%');
    expect(latency).toHaveTextContent('3×');
    expect(screen.getByText('availability').closest('tr')).toHaveTextContent(
      '99.95%',
    );
    expect(
      screen.getByText(
        '75% of pipeline runs passed in the last 7 days (3 of 4 runs).',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /DORA figures on the Delivery tab/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/delivery',
    );
  });

  it('shows progress while loading', async () => {
    const api = fakeDeliveryApi({
      getServiceHealth: jest.fn(() => new Promise<never>(() => {})),
    });
    await render(api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the error with a retry that reads the health again', async () => {
    const getServiceHealth = jest
      .fn()
      .mockRejectedValueOnce(await notFoundError("Entity 'x' not found"))
      .mockResolvedValue(failingHealth);
    await render(fakeDeliveryApi({ getServiceHealth }));
    expect(
      (await screen.findAllByText(/Entity 'x' not found/)).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByLabelText('Overall status')).toHaveTextContent(
      'Failing',
    );
    expect(getServiceHealth).toHaveBeenCalledTimes(2);
  });

  it('says exactly how to get data where there is none', async () => {
    await render(
      fakeDeliveryApi({ getServiceHealth: jest.fn(async () => emptyHealth) }),
      paymentsApiEntity,
    );
    // nothing watches it yet, so the page does not call it healthy
    expect(await screen.findByLabelText('Overall status')).toHaveTextContent(
      'Unknown',
    );
    expect(screen.getByLabelText('How to get alerts')).toHaveTextContent(
      'No alerts yet. Add the annotation prometheus.io/alert: all (or alert names) and prometheus.io/labels: service=payments-api',
    );
    expect(screen.getByLabelText('How to get SLOs')).toBeInTheDocument();
    const noDeployment = screen.getByText(
      /No deployment recorded in the last 90 days/,
    );
    expect(noDeployment).toHaveTextContent(
      'POST /api/delivery/events/deployments',
    );
    expect(
      within(noDeployment).getByRole('link', { name: 'Delivery tab' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/delivery',
    );
    expect(
      screen.getByText(/No open incident\. None recorded in the last year\./),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No alert is firing and no incident is open/),
    ).toBeInTheDocument();
    expect(section('On call')).toHaveTextContent(
      'launchpad.dev/on-call: "#team-oncall"',
    );
    expect(section('Escalation')).toHaveTextContent(
      'launchpad.dev/escalation: "#team-leads, lead@example.com"',
    );
    // the team's own channel stands in for the component's
    expect(
      await within(section('Chat channel')).findByText(/the team's/),
    ).toBeInTheDocument();
    expect(section('Chat channel')).toHaveTextContent('#payments');
    expect(
      screen.getByText('No pipeline run finished in the last 7 days.'),
    ).toBeInTheDocument();
  });

  it('keeps the page when Prometheus is down and retries only through the failed part', async () => {
    const getServiceHealth = jest
      .fn()
      .mockResolvedValueOnce(prometheusDownHealth)
      .mockResolvedValue(failingHealth);
    await render(fakeDeliveryApi({ getServiceHealth }));
    const alerts = await screen.findByRole('alert', {
      name: 'alerts unavailable',
    });
    expect(alerts).toHaveTextContent(
      "The alerts could not be read: Prometheus 'main' did not answer within 3 s. The rest of the page is current.",
    );
    expect(
      screen.getByRole('alert', { name: 'SLOs unavailable' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Overall status')).toHaveTextContent(
      'Unknown',
    );
    await userEvent.click(
      within(alerts).getByRole('button', { name: 'Retry' }),
    );
    expect(
      await screen.findByRole('cell', { name: 'PaymentsHighErrorRate' }),
    ).toBeInTheDocument();
    expect(getServiceHealth).toHaveBeenCalledTimes(2);
  });
});
