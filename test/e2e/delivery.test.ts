import { test, expect } from '@playwright/test';
import { dayAgo, doraMetricTitles, openOnceSeeded } from './demoData';
import { screenshot, signInAndWatchEachTest } from './signIn';

// Demo-data seeding runs shortly after the backend starts.
test.describe.configure({ timeout: 180_000 });

signInAndWatchEachTest();

test('the Delivery tab shows the DORA figures of a component', async ({
  page,
}) => {
  await openOnceSeeded(
    page,
    '/catalog/default/component/payments-api/delivery',
    () =>
      expect(
        page.getByRole('group', { name: 'Deployment frequency' }),
      ).toBeVisible({ timeout: 10_000 }),
  );

  await expect(
    page.getByRole('link', { name: 'Delivery', exact: true }),
  ).toBeVisible();
  for (const name of doraMetricTitles) {
    await expect(page.getByRole('group', { name })).toBeVisible();
  }
  await expect(
    page.getByLabel(/level (Elite|High|Medium|Low)$/).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('img', { name: /Weekly trend over \d+ weeks/ }),
  ).toBeVisible();
  await expect(page.getByText('Recent deployments')).toBeVisible();
  await screenshot(page, 'delivery');
});

test('the window, environment, custom range and benchmark year change through their selectors and stay in the URL', async ({
  page,
}) => {
  const frequency = page.getByRole('group', { name: 'Deployment frequency' });
  await openOnceSeeded(
    page,
    '/catalog/default/component/payments-api/delivery',
    () =>
      expect(frequency).toContainText(/per (day|week)/, { timeout: 10_000 }),
  );
  // "production from 2026-10-25 to 2026-11-24"
  const range = page.getByText(
    /^[\w, -]+ from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d$/,
  );
  const deploymentsCounted = async () =>
    Number(/(\d+) deployments?,/.exec(await frequency.innerText())?.[1]);
  const counted30 = await deploymentsCounted();

  await page.getByRole('button', { name: 'Last 30 days' }).click();
  await page
    .getByRole('option', { name: 'Last 180 days', exact: true })
    .click();
  await expect(page).toHaveURL(/window=180/);
  await expect(range).toHaveText(
    new RegExp(`^production from (${dayAgo(179)}|${dayAgo(180)}) to `),
  );
  await expect(frequency).toContainText(/per (day|week)/);
  // the demo history's payments-api deploys every few days: half a year holds more
  expect(await deploymentsCounted()).toBeGreaterThan(counted30);

  await page.getByRole('button', { name: 'Production environments' }).click();
  await page.getByRole('option', { name: 'staging', exact: true }).click();
  await expect(page).toHaveURL(/env=staging/);
  await expect(range).toHaveText(/^staging from /);
  await expect(
    page.getByText(/deployments? to staging in the window/),
  ).toBeVisible();

  await page.getByRole('button', { name: 'DORA 2024' }).click();
  await page.getByRole('option', { name: 'DORA 2023', exact: true }).click();
  await expect(page).toHaveURL(/year=2023/);
  await expect(frequency).toContainText('DORA 2023');

  await page.getByRole('button', { name: 'Last 180 days' }).click();
  await page.getByRole('option', { name: 'Custom range', exact: true }).click();
  await page.getByLabel('First day').fill(dayAgo(60));
  await page.getByLabel('Last day').fill(dayAgo(31));
  await expect(page).toHaveURL(
    new RegExp(
      `window=custom.*from=${dayAgo(60)}.*to=${dayAgo(
        31,
      )}|window=custom.*to=${dayAgo(31)}.*from=${dayAgo(60)}`,
    ),
  );
  await expect(range).toHaveText(`staging from ${dayAgo(60)} to ${dayAgo(31)}`);

  // all of it survives a reload: it lives in the address
  await page.reload();
  await expect(range).toHaveText(`staging from ${dayAgo(60)} to ${dayAgo(31)}`);
  await expect(frequency).toContainText('DORA 2023');
  await screenshot(page, 'delivery-staging-custom-range');
});
