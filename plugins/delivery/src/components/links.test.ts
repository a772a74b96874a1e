import { ChangeRow } from '@internal/plugin-delivery-common';
import { changeLabel } from './links';

const change: ChangeRow = {
  id: 1,
  repository: 'acme/payments-api',
  changeKey: 'pr:12',
  pullRequestNumber: 12,
  headSha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  title: 'Retry card payments twice',
  firstCommitAt: '2026-11-19T10:00:00.000Z',
  landedAt: '2026-11-20T09:00:00.000Z',
  mergeMethod: 'merge',
  deploymentId: 41,
  deployedAt: '2026-11-20T10:00:00.000Z',
  leadTimeSeconds: 86_400,
  clockSkew: false,
};

describe('changeLabel', () => {
  it('names a change by its pull request and title', () => {
    expect(changeLabel(change)).toBe('#12 Retry card payments twice');
    expect(changeLabel({ ...change, title: null })).toBe('#12');
  });

  it('names a commit by its short sha', () => {
    expect(
      changeLabel({
        ...change,
        changeKey: `commit:${change.headSha}`,
        pullRequestNumber: null,
        title: 'Bump the ledger client',
      }),
    ).toBe('a1b2c3d Bump the ledger client');
  });

  it('says the number once when the title already names its pull request', () => {
    expect(
      changeLabel({ ...change, title: 'Retry card payments twice (#12)' }),
    ).toBe('Retry card payments twice (#12)');
    // another pull request's number is no reason to leave its own out
    expect(changeLabel({ ...change, title: 'Revert #123' })).toBe(
      '#12 Revert #123',
    );
  });
});
