import { test, expect } from '@playwright/test';
import { readFile } from 'fs/promises';
import { openOnceSeeded } from './demoData';
import { screenshot, signInAndWatchEachTest } from './signIn';

// Demo-data seeding runs shortly after the backend starts.
test.describe.configure({ timeout: 180_000 });

signInAndWatchEachTest();

test('the organisation page lists every service and team, filters by owner and exports CSV', async ({
  page,
}) => {
  await page.getByRole('link', { name: 'Organisation', exact: true }).click();
  await expect(page).toHaveURL(/\/delivery$/);
  const services = page.getByRole('table').first();
  // seeded once payments-api has a frequency ('2.1 per day' or '2.1/day')
  await openOnceSeeded(page, '/delivery', () =>
    expect(
      services.getByRole('row').filter({ hasText: 'payments-api' }),
    ).toContainText(/\d( per |\/)(day|week)/, { timeout: 10_000 }),
  );
  await expect(page.getByText(/example services? whose/)).toBeVisible();
  // a team's Deploys: its median service's deploy days, on which the level
  // is judged, over the rate of all its deployments in total
  const teams = page.getByRole('table').nth(1);
  await expect(
    teams.getByRole('row').filter({ hasText: /^Payments/i }),
  ).toContainText(
    /(<1|[\d.]+) deploy days?\/week(Elite|High|Medium|Low)[\d.]+\/(day|week) in total/,
  );
  await screenshot(page, 'organisation');

  // the owners are named as the table names them: the group's display name
  await page.getByLabel('Owner').click();
  await page.getByRole('option', { name: 'Payments', exact: true }).click();
  await expect(page).toHaveURL(/owner=group%3Adefault%2Fpayments/);
  // the Teams table keeps the chosen owner's team
  await expect(teams.getByRole('row')).toHaveCount(2);
  await expect(teams.getByRole('row').nth(1)).toContainText(/^Payments/);
  const owners = await services
    .getByRole('row')
    .locator('td:nth-child(2)')
    .allTextContents();
  expect(owners.length).toBeGreaterThan(0);
  // the owner shows as its catalog title once the catalog answered
  expect(owners.every(owner => /^payments$/i.test(owner))).toBe(true);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  const csv = await readFile((await download.path())!, 'utf8');
  const [header, ...lines] = csv.split('\r\n');
  expect(header).toMatch(/^entity,name,owner,system,data,Deployment frequency/);
  expect(lines).toHaveLength(owners.length);
  expect(lines.every(l => l.split(',')[2] === 'group:default/payments')).toBe(
    true,
  );
  // a figure the page does not show (not enough data, no data yet) has no
  // value in the file either: each figure is a value and a level column
  for (const line of lines) {
    const figures = line.split(',').slice(5);
    for (let i = 0; i < figures.length; i += 2) {
      if (/^(Not enough data|No data yet)$/.test(figures[i + 1])) {
        expect(figures[i]).toBe('');
      }
    }
  }

  // the filter survives a reload: it lives in the URL
  await page.reload();
  await expect(services.getByRole('row').nth(1)).toBeVisible();
  // the same rows; an owner shows as its name until the catalog gives its title
  const lower = (names: string[]) => names.map(n => n.toLowerCase());
  expect(
    lower(
      await services
        .getByRole('row')
        .locator('td:nth-child(2)')
        .allTextContents(),
    ),
  ).toEqual(lower(owners));
  await screenshot(page, 'organisation-payments');
});
