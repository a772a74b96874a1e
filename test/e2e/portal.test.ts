import { test, expect } from '@playwright/test';
import { signInAsGuest } from './signIn';

const screenshotDir = 'test-results/screenshots';

test.beforeEach(async ({ page }) => {
  await signInAsGuest(page);
});

test('the home page loads', async ({ page }) => {
  await expect(page).toHaveTitle(/Launchpad/);
  await expect(page.getByText('Welcome to Launchpad')).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Create', exact: true }),
  ).toBeVisible();
  await page.screenshot({ path: `${screenshotDir}/home.png`, fullPage: true });
});

test('the catalog lists the example components', async ({ page }) => {
  await page.goto('/catalog?filters[kind]=component&filters[user]=all');
  for (const name of [
    'payments-api',
    'ledger-service',
    'web-shop',
    'search-service',
  ]) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await page.screenshot({
    path: `${screenshotDir}/catalog.png`,
    fullPage: true,
  });
});

test('a component page opens with its owner and system', async ({ page }) => {
  await page.goto('/catalog?filters[kind]=component&filters[user]=all');
  await page.getByRole('link', { name: 'payments-api', exact: true }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/payments-api/);
  await expect(
    page.getByRole('heading', { name: 'payments-api' }),
  ).toBeVisible();
  await expect(
    page.getByText('Takes card and wallet payments at checkout').first(),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'payments', exact: true }).first(),
  ).toBeVisible();
  await page.screenshot({
    path: `${screenshotDir}/component.png`,
    fullPage: true,
  });
});
