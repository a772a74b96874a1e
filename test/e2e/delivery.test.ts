import { test, expect } from '@playwright/test';
import { signInAsGuest } from './signIn';

const screenshotDir = 'test-results/screenshots';

// Demo-data seeding runs shortly after the backend starts.
test.describe.configure({ timeout: 180_000 });

const metricTitles = [
  'Deployment frequency',
  'Change lead time',
  'Change failure rate',
  'Failed deployment recovery time',
  'Deployment rework rate',
];

test.beforeEach(async ({ page }) => {
  await signInAsGuest(page);
});

test('the Delivery tab shows the DORA figures of a component', async ({
  page,
}) => {
  // The embedded default seeds demo history about 10 s after the backend
  // starts: until then the tab says there is no data yet, so reload until the
  // figures are there.
  await expect(async () => {
    await page.goto('/catalog/default/component/payments-api/delivery');
    await expect(
      page.getByRole('group', { name: 'Deployment frequency' }),
    ).toBeVisible({
      timeout: 10_000,
    });
  }).toPass({ timeout: 120_000, intervals: [2_000, 5_000] });

  await expect(
    page.getByRole('link', { name: 'Delivery', exact: true }),
  ).toBeVisible();
  for (const name of metricTitles) {
    await expect(page.getByRole('group', { name })).toBeVisible();
  }
  await expect(
    page.getByLabel(/level (Elite|High|Medium|Low)$/).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('img', { name: /Weekly trend over \d+ weeks/ }),
  ).toBeVisible();
  await expect(page.getByText('Recent deployments')).toBeVisible();
  await page.screenshot({
    path: `${screenshotDir}/delivery.png`,
    fullPage: true,
  });
});
