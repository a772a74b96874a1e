import { test, expect, Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { openOnceSeeded } from './demoData';
import {
  backend,
  guestToken,
  screenshot,
  signInAndWatchEachTest,
} from './signIn';

const service = '/catalog/default/component/payments-api';

// Demo-data seeding runs shortly after the backend starts.
test.describe.configure({ timeout: 180_000 });

signInAndWatchEachTest();

/** The card of the Backstage table titled `title`. */
const tableCard = (page: Page, title: string) =>
  page
    .locator('.MuiPaper-root')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) });

/** The body rows of the runs table. */
const runRows = (page: Page) => tableCard(page, 'Runs').locator('tbody tr');

test('the Pipelines tab lists runs, filters them in the URL and pages on the server', async ({
  page,
}) => {
  await openOnceSeeded(page, `${service}/pipelines`, () =>
    expect(
      tableCard(page, 'Workflows').getByRole('cell', {
        name: 'ci',
        exact: true,
      }),
    ).toBeVisible({ timeout: 10_000 }),
  );

  const workflows = tableCard(page, 'Workflows');
  const ci = workflows.getByRole('row').filter({ hasText: /^ci/ });
  await expect(ci).toContainText(/\d+(\.\d)?% \(\d+ of \d+\)/);
  await expect(ci).toContainText(/\d+ min/);
  await expect(ci).toContainText(/of \d+ commits?\)/);
  await expect(
    workflows.getByRole('cell', { name: 'deploy', exact: true }),
  ).toBeVisible();

  await expect(runRows(page)).toHaveCount(20);
  await expect(runRows(page).first()).toContainText(/Success|Failure/);
  await expect(runRows(page).first()).toContainText(/ago|yesterday|today/);
  await expect(page.getByText(/^1.20 of \d+$/)).toBeVisible();
  await screenshot(page, 'pipelines-tab');

  // filter: failed runs of ci
  await page.getByRole('button', { name: 'All statuses' }).click();
  await page.getByRole('option', { name: 'Failure', exact: true }).click();
  await expect(page).toHaveURL(/status=failure/);
  await page.getByRole('button', { name: 'All workflows' }).click();
  await page.getByRole('option', { name: 'ci', exact: true }).click();
  await expect(page).toHaveURL(/workflow=ci/);
  await expect(runRows(page).first()).toContainText('Failure');
  const failures = await runRows(page).count();
  expect(failures).toBeGreaterThan(0);
  for (let i = 0; i < failures; i++) {
    await expect(runRows(page).nth(i)).toContainText('Failure');
    await expect(runRows(page).nth(i)).toContainText('ci');
  }
  await screenshot(page, 'pipelines-filtered');

  // the filters survive a reload: they live in the URL
  await page.reload();
  await expect(page.getByRole('button', { name: 'Failure' })).toBeVisible();
  await expect(runRows(page).first()).toContainText('Failure');

  // a branch nobody ran on: no run matches, and the filters clear
  await page.getByLabel('Branch').fill('no-such-branch');
  await page.getByLabel('Branch').press('Enter');
  await expect(page).toHaveURL(/branch=no-such-branch/);
  await expect(
    page.getByText('No runs match these filters in the window.'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/status=|workflow=|branch=/);

  // the next page comes from the server
  const firstOnPage1 = await runRows(page).first().innerText();
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText(/^21.\d+ of \d+$/)).toBeVisible();
  await expect(runRows(page).first()).not.toHaveText(firstOnPage1);
  await screenshot(page, 'pipelines-page-2');
});

test('a long branch name is cut, whole on hover, and keeps every column of the runs in the table', async ({
  page,
}) => {
  const run = String(Date.now());
  const branch = `feature/make-the-card-network-timeout-configurable-per-acquirer-${run}`;
  const minutesAgo = (minutes: number) =>
    new Date(Date.now() - minutes * 60_000).toISOString();
  const res = await page.request.post(
    `${backend}/api/delivery/events/pipeline-runs`,
    {
      headers: { authorization: `Bearer ${await guestToken(page)}` },
      data: {
        items: [
          {
            externalId: `e2e-long-branch-${run}`,
            repository: 'acme/payments-api',
            workflow: 'ci',
            branch,
            sha: createHash('sha1').update(branch).digest('hex'),
            status: 'completed',
            conclusion: 'success',
            startedAt: minutesAgo(12),
            finishedAt: minutesAgo(4),
            actor: 'margaret.hamilton',
            attempt: 2,
          },
        ],
      },
    },
  );
  expect(res.status(), await res.text()).toBe(202);

  await page.goto(
    `${service}/pipelines?branch=${encodeURIComponent(branch)}&days=7`,
  );
  const row = runRows(page).first();
  await expect(row).toContainText('2 (re-run)');
  await expect(runRows(page)).toHaveCount(1);

  // at the browser tests' 1,280 px, the last column still ends inside the table's card
  const card = tableCard(page, 'Runs');
  const cardBox = (await card.boundingBox())!;
  const attemptBox = (await card
    .getByRole('columnheader', { name: 'Attempt' })
    .boundingBox())!;
  expect(attemptBox.x + attemptBox.width).toBeLessThanOrEqual(
    cardBox.x + cardBox.width,
  );
  // the name is cut on screen, and shown whole on hover
  const name = row.getByText(branch);
  expect(await name.evaluate(e => e.scrollWidth > e.clientWidth)).toBe(true);
  await name.hover();
  await expect(page.getByRole('tooltip')).toHaveText(branch);
  await screenshot(page, 'pipelines-long-branch');

  // on the overview's Recent runs card, half as wide at 1,100 px, cut to a line too
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(service);
  const recent = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText('Recent runs', { exact: true }) });
  const line = recent.getByTitle(branch);
  await expect(line).toContainText(`ci on ${branch}`);
  expect(await line.evaluate(e => e.scrollWidth > e.clientWidth)).toBe(true);
  expect(
    await line.evaluate(
      e => e.clientHeight < 2 * parseFloat(getComputedStyle(e).lineHeight),
    ),
  ).toBe(true);
  await screenshot(recent, 'recent-runs-card-long-branch');
});

test('the overview shows recent runs and the Delivery tab names the workflow of each deployment', async ({
  page,
}) => {
  await openOnceSeeded(page, service, () =>
    expect(page.getByText(/^\d+ runs? in the last 30 days$/)).toBeVisible({
      timeout: 10_000,
    }),
  );
  const card = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText('Recent runs', { exact: true }) });
  await expect(card.getByRole('listitem')).toHaveCount(5);
  await screenshot(card, 'recent-runs-card');

  await card.getByRole('link', { name: /View all pipeline runs/ }).click();
  await expect(page).toHaveURL(new RegExp(`${service}/pipelines$`));

  await page.goto(`${service}/delivery`);
  const deployments = tableCard(page, 'Recent deployments');
  // other browser tests may have sent deployments without a workflow: the
  // demo history's deployments name theirs
  await expect(
    deployments
      .locator('tbody tr')
      .filter({ has: page.getByRole('cell', { name: /^deploy(,|$)/ }) })
      .first(),
  ).toBeVisible();
  await screenshot(deployments, 'deployments-workflow');
});
