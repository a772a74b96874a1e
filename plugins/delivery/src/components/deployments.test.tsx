import { DeploymentRow } from '@internal/plugin-delivery-common';
import { render } from '@testing-library/react';
import { DeploymentOutcome } from './deployments';

const row: DeploymentRow = {
  id: 1,
  repository: 'acme/payments-api',
  service: null,
  environment: 'production',
  sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  ref: 'main',
  status: 'success',
  startedAt: '2026-11-20T09:50:00.000Z',
  finishedAt: '2026-11-20T10:00:00.000Z',
  source: 'github',
  externalId: '1',
  workflow: 'deploy',
  isRollback: false,
  isHotfix: false,
  url: null,
};

const outcome = (changes: Partial<DeploymentRow>) =>
  render(<DeploymentOutcome row={{ ...row, ...changes }} />).container;

describe('DeploymentOutcome', () => {
  it('says in words what became of a deployment, and when', () => {
    expect(outcome({})).toHaveTextContent(/^succeeded .+ ago$/);
    expect(outcome({ status: 'failure' })).toHaveTextContent(/^failed .+ ago$/);
    expect(outcome({ status: 'cancelled' })).toHaveTextContent(
      /^cancelled .+ ago$/,
    );
  });

  it('says since when an unfinished deployment has been going on', () => {
    const running = outcome({ status: 'in_progress', finishedAt: null });
    expect(running).toHaveTextContent(/^in progress, started .+ ago$/);
    expect(running.querySelector('time')).toHaveAttribute(
      'datetime',
      row.startedAt,
    );
  });
});
