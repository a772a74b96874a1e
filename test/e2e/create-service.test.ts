import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { signInAsGuest } from './signIn';

const repositories = path.resolve(__dirname, '../../.data/e2e-repositories');

test('a service created from the Node.js template is published and registered', async ({
  page,
}) => {
  const name = `e2e-svc-${Date.now().toString(36)}`;

  await signInAsGuest(page);
  await page.getByRole('link', { name: 'Create', exact: true }).click();
  await page
    .getByRole('article')
    .filter({ hasText: 'Node.js service' })
    .getByRole('button', { name: 'Choose' })
    .click();

  await page.getByLabel('Name').fill(name);
  await page
    .getByLabel('Description')
    .fill('A service created by the browser tests');
  await page.getByLabel('Owner').click();
  await page
    .getByRole('option', { name: /payments/i })
    .first()
    .click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  await expect(page.getByRole('link', { name: 'Open in catalog' })).toBeVisible(
    { timeout: 60_000 },
  );
  await page.screenshot({
    path: 'test-results/screenshots/create-service.png',
    fullPage: true,
  });

  const log = execFileSync(
    'git',
    ['-C', path.join(repositories, name), 'log', '--format=%an|%s'],
    {
      encoding: 'utf8',
    },
  );
  expect(log.trim()).toBe('Launchpad|Initial commit from Launchpad');

  await page.getByRole('link', { name: 'Open in catalog' }).click();
  // The catalog processes a new location asynchronously; reload until it has.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText('Entity not found')).toBeHidden({
      timeout: 2_000,
    });
    await expect(page.getByRole('heading', { name })).toBeVisible({
      timeout: 2_000,
    });
  }).toPass({ timeout: 60_000 });
  await expect(
    page.getByText('A service created by the browser tests').first(),
  ).toBeVisible();
});
