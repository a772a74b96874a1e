import { test, expect, Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import {
  RunningPrometheus,
  constantSlo,
  firingAlert,
  startPrometheus,
} from '../../plugins/delivery-backend/src/health/__testUtils__/startPrometheus';
import {
  backend,
  guestToken,
  screenshot,
  signInAndWatchEachTest,
} from './signIn';

const service = '/catalog/default/component/payments-api';
const HOUR = 3_600_000;

// test/e2e/app-config.e2e.yaml points the backend at this port
const PROMETHEUS_PORT = 9091;

test.describe.configure({ timeout: 180_000 });

let prometheus: RunningPrometheus | undefined;

// Started before any page opens: an alert of payments-api that fires at once,
// one of another service that must not show, and constant SLO series
test.beforeAll(async () => {
  prometheus = await startPrometheus({
    port: PROMETHEUS_PORT,
    groups: [
      {
        name: 'payments-api',
        rules: [
          firingAlert(
            'PaymentsApiHighErrorRate',
            { service: 'payments-api', severity: 'critical' },
            'More than 5 % of card payments fail',
          ),
          firingAlert('LedgerLagging', {
            service: 'ledger-service',
            severity: 'critical',
          }),
          ...constantSlo('payments-api', 'availability', {
            objective: 0.999,
            budgetRemaining: 0.62,
            burnRate: 0.4,
          }),
          ...constantSlo('payments-api', 'latency', {
            objective: 0.99,
            budgetRemaining: -0.1,
            burnRate: 2.5,
          }),
        ],
      },
    ],
  });
});

test.afterAll(async () => {
  await prometheus?.stop();
});

signInAndWatchEachTest();

/** A deployment an hour ago and the pull request it shipped, before the alert fired. */
async function recordRecentChange(page: Page, run: string) {
  const token = await guestToken(page);
  const sha = createHash('sha1').update(`health-${run}`).digest('hex');
  const ago = (hours: number) =>
    new Date(Date.now() - hours * HOUR).toISOString();
  const post = async (path: string, items: unknown[]) => {
    const res = await page.request.post(
      `${backend}/api/delivery/events/${path}`,
      { headers: { authorization: `Bearer ${token}` }, data: { items } },
    );
    expect(res.status(), await res.text()).toBe(202);
  };
  const number = 9000 + (Number(run) % 1000);
  await post('changes', [
    {
      type: 'pull_request',
      repository: 'acme/payments-api',
      number,
      title: 'Raise the card network timeout',
      mergedAt: ago(2),
      mergeCommitSha: sha,
      commits: [{ sha: sha.replace(/^./, 'f'), authoredAt: ago(5) }],
    },
  ]);
  await post('deployments', [
    {
      externalId: `e2e-health-${run}`,
      repository: 'acme/payments-api',
      environment: 'production',
      sha,
      status: 'success',
      startedAt: ago(1.1),
      finishedAt: ago(1),
      url: `https://github.com/acme/payments-api/actions/runs/${run}`,
    },
  ]);
  return { sha, number };
}

test('the payments-api Health tab shows the firing alert and what changed before it', async ({
  page,
}) => {
  const run = String(Date.now());
  const { sha, number } = await recordRecentChange(page, run);

  await page.goto(`${service}/health`);
  await expect(page.getByLabel('Overall status')).toHaveText('Failing');
  await expect(
    page.getByText(
      'Alert PaymentsApiHighErrorRate is firing (severity critical): More than 5 % of card payments fail',
    ),
  ).toBeVisible();
  const alertRow = page.getByRole('row').filter({
    has: page.getByRole('cell', { name: 'PaymentsApiHighErrorRate' }),
  });
  await expect(alertRow).toContainText('Firing');
  await expect(alertRow).toContainText(/ago|now/);
  await expect(page.getByText('LedgerLagging')).toHaveCount(0);

  const before = page.getByRole('region', {
    name: 'Before PaymentsApiHighErrorRate',
  });
  await expect(before).toContainText(/In the 6 hours before: \d+ deployments?/);
  await expect(
    before.getByRole('link', { name: new RegExp(`^${sha.slice(0, 7)}`) }),
  ).toHaveAttribute(
    'href',
    `https://github.com/acme/payments-api/actions/runs/${run}`,
  );
  await expect(
    before.getByRole('link', {
      name: new RegExp(`^#${number} Raise the card network timeout`),
    }),
  ).toHaveAttribute(
    'href',
    `https://github.com/acme/payments-api/pull/${number}`,
  );

  // the same owner and contacts as the Ownership card
  const who = page.locator('.MuiCard-root').filter({ hasText: 'Who can act?' });
  await expect(who.getByRole('group', { name: 'On call' })).toContainText(
    '#payments-oncall',
  );
  await expect(who.getByRole('group', { name: 'Chat channel' })).toContainText(
    '#payments',
  );
  await expect(
    who.getByRole('group', { name: 'Owner' }).getByRole('link'),
  ).toHaveAttribute('href', '/catalog/default/group/payments');
  const latency = page
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: 'latency', exact: true }) });
  await expect(latency).toContainText('-10%');
  await expect(latency).toContainText('2.5×');
  await screenshot(page, 'health-tab');

  // the overview starts with the health summary
  await page.goto(service);
  const summary = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByRole('link', { name: /View the health page/ }) });
  await expect(summary.getByLabel('Overall status')).toHaveText('Failing');
  await expect(summary).toContainText(
    /What changed: \d+ deployments? and \d+ changes? in the 6 hours before alert PaymentsApiHighErrorRate/,
  );
  await expect(summary).toContainText('-10% left of SLO latency');
  const delivery = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByRole('link', { name: /View delivery metrics/ }) });
  await expect(delivery).toBeVisible();
  const [summaryBox, deliveryBox] = [
    await summary.boundingBox(),
    await delivery.boundingBox(),
  ];
  expect(summaryBox!.y).toBeLessThan(deliveryBox!.y);
  await screenshot(page, 'health-overview');
});
