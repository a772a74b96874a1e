import { test, expect } from '@playwright/test';
import { dayAgo, doraMetricTitles, openOnceSeeded } from './demoData';
import { screenshot, signInAndWatchEachTest } from './signIn';

// Demo-data seeding runs shortly after the backend starts.
test.describe.configure({ timeout: 180_000 });

signInAndWatchEachTest();

test('the payments group page rolls up the DORA figures of its services', async ({
  page,
}) => {
  await openOnceSeeded(page, '/catalog/default/group/payments', () =>
    expect(
      page.getByRole('group', { name: 'Deployment frequency' }),
    ).toBeVisible({ timeout: 10_000 }),
  );

  const card = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Delivery of the team' });
  await expect(card.getByText(/^\d+ services? included/)).toBeVisible();
  for (const name of doraMetricTitles) {
    await expect(card.getByRole('group', { name })).toBeVisible();
  }
  // the median service's deploy days, on which the level is judged, and the
  // rate of all the team's deployments as its total
  const frequency = card.getByRole('group', { name: 'Deployment frequency' });
  await expect(frequency).toContainText(/^(<1|[\d.]+) deploy days? per week/);
  await expect(frequency).toContainText(
    /[\d.]+ per (day|week) in total: \d+ deployments? across \d+ services/,
  );
  await expect(
    card.getByRole('group', { name: 'Change failure rate' }),
  ).toContainText(/\d+ of \d+ deployments? failed across \d+ services/);
  await expect(
    card.getByRole('link', { name: 'payments-api', exact: true }),
  ).toHaveAttribute('href', '/catalog/default/component/payments-api');
  await screenshot(card, 'group-rollup');

  // the card's window and benchmark year are chosen on it and kept in the URL
  await card.getByRole('button', { name: 'Last 30 days' }).click();
  await page.getByRole('option', { name: 'Last 90 days', exact: true }).click();
  await expect(page).toHaveURL(/window=90/);
  await expect(card.getByText(/^\d+ services? included/)).toContainText(
    new RegExp(`production · (${dayAgo(89)}|${dayAgo(90)}) to `),
  );
  await card.getByRole('button', { name: 'DORA 2024' }).click();
  await page.getByRole('option', { name: 'DORA 2023', exact: true }).click();
  await expect(page).toHaveURL(/year=2023/);
  await expect(
    card.getByRole('group', { name: 'Deployment frequency' }),
  ).toContainText('DORA 2023');
  await page.reload();
  await expect(
    card.getByRole('button', { name: 'Last 90 days' }),
  ).toBeVisible();
});

test('the payments-api overview shows the delivery card', async ({ page }) => {
  await openOnceSeeded(page, '/catalog/default/component/payments-api', () =>
    expect(
      page.getByRole('group', { name: 'Latest successful deployment' }),
    ).toContainText('production', { timeout: 10_000 }),
  );

  const card = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByRole('group', { name: 'Open incidents' }) });
  // every environment, not only production
  await expect(
    card.getByRole('group', { name: 'Latest successful deployment' }),
  ).toContainText('staging');
  await expect(
    card.getByRole('group', { name: 'Pipeline success rate (last 30 days)' }),
  ).toContainText(/\d+(\.\d)?%/);
  await expect(
    card.getByRole('group', { name: 'Pipeline success rate (last 30 days)' }),
  ).toContainText(/\d+ of \d+ finished runs succeeded/);
  await expect(
    card.getByRole('group', { name: 'Open incidents' }),
  ).toContainText(/unresolved, however long ago they started/);
  await screenshot(card, 'overview-card');

  await card.getByRole('link', { name: /View delivery metrics/ }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/payments-api\/delivery$/,
  );
  await expect(
    page.getByRole('group', { name: 'Deployment frequency' }),
  ).toBeVisible();
});
