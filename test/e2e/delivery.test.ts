import { test, expect } from '@playwright/test';
import { doraMetricTitles, openOnceSeeded } from './demoData';
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
