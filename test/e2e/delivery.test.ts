import { test, expect } from '@playwright/test';
import { doraMetricTitles, openOnceSeeded } from './demoData';
import { signInAsGuest } from './signIn';

const screenshotDir = 'test-results/screenshots';

// Demo-data seeding runs shortly after the backend starts.
test.describe.configure({ timeout: 180_000 });

test.beforeEach(async ({ page }) => {
  await signInAsGuest(page);
});

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
  await page.screenshot({
    path: `${screenshotDir}/delivery.png`,
    fullPage: true,
  });
});
