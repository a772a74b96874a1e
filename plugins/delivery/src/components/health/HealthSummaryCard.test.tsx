import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeDeliveryApi,
  notFoundError,
} from '../../__testUtils__/fakeDeliveryApi';
import { renderForEntity } from '../../__testUtils__/renderForEntity';
import { emptyHealth, failingHealth } from './__testUtils__/healthResponses';
import { HealthSummaryCard } from './HealthSummaryCard';

jest.setTimeout(30_000);

describe('HealthSummaryCard', () => {
  it('sums up status, what changed, who can act and the lowest error budget, linking the Health tab', async () => {
    await renderForEntity(
      <HealthSummaryCard />,
      fakeDeliveryApi({ getServiceHealth: jest.fn(async () => failingHealth) }),
    );
    expect(await screen.findByLabelText('Overall status')).toHaveTextContent(
      'Failing',
    );
    expect(screen.getByText('and 1 more')).toBeInTheDocument();
    expect(
      screen.getByText(
        /3 deployments and 1 change in the 6 hours before alert PaymentsHighErrorRate/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /on call #payments-oncall, channel https:\/\/chat.example.com\/payments/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/-25% left of SLO latency \(the lowest\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /View the health page/ }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api/health');
  });

  it('says when nobody is annotated and shows no budget without SLOs', async () => {
    await renderForEntity(
      <HealthSummaryCard />,
      fakeDeliveryApi({ getServiceHealth: jest.fn(async () => emptyHealth) }),
    );
    expect(await screen.findByLabelText('Overall status')).toHaveTextContent(
      'Unknown',
    );
    expect(
      screen.getByText(/no on-call or channel annotated/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Error budget/)).not.toBeInTheDocument();
    expect(screen.queryByText(/What changed/)).not.toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    await renderForEntity(
      <HealthSummaryCard />,
      fakeDeliveryApi({
        getServiceHealth: jest.fn(() => new Promise<never>(() => {})),
      }),
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the error with a retry', async () => {
    const getServiceHealth = jest
      .fn()
      .mockRejectedValueOnce(await notFoundError('backend down'))
      .mockResolvedValue(failingHealth);
    await renderForEntity(
      <HealthSummaryCard />,
      fakeDeliveryApi({ getServiceHealth }),
    );
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(
      0,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByLabelText('Overall status')).toHaveTextContent(
      'Failing',
    );
  });
});
