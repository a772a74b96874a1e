import { test, expect, Page } from '@playwright/test';
import { openOnceSeeded } from './demoData';
import { screenshot, signInAndWatchEachTest } from './signIn';

// Demo-data seeding runs shortly after the backend starts.
test.describe.configure({ timeout: 180_000 });

signInAndWatchEachTest();

/** What no delivery view should show a person: raw git refs, UUIDs, file links. */
async function expectReadable(page: Page) {
  const text = (await page.locator('main').allInnerTexts()).join('\n');
  expect(text).not.toContain('refs/heads/');
  // ids of the demo history (incidents, deployments) are no names
  expect(text).not.toMatch(/demo-component-/);
  expect(text).not.toMatch(
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i,
  );
  expect(text).not.toContain('file://');
  // plurals: never "1 deployments" or "1 days"
  // (a whole 1, not the end of 28.1 or 31)
  expect(text).not.toMatch(/(?<![\d.])1 (deployments|days|changes|weeks)\b/);
}

test('deployment frequency drills into the deployments it counts, as many as the card says', async ({
  page,
}) => {
  const frequency = page.getByRole('group', { name: 'Deployment frequency' });
  await openOnceSeeded(
    page,
    '/catalog/default/component/payments-api/delivery?window=90',
    () =>
      expect(frequency).toContainText(/per (day|week)/, { timeout: 10_000 }),
  );
  // "123 deployments, median 5 deploy days per week"
  const details = await frequency.innerText();
  const counted = Number(/(\d+) deployments?,/.exec(details)?.[1]);
  expect(counted).toBeGreaterThan(0);

  // the Recent deployments table says how its count relates to the card's
  await expect(
    page.getByRole('note', { name: 'Deployments counted' }),
  ).toContainText(new RegExp(`Deployment frequency counts (all )?${counted} `));

  await frequency
    .getByRole('link', { name: /show the rows behind it/ })
    .click();
  await expect(page).toHaveURL(/drill=deployment-frequency/);
  const drill = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Deployments behind the deployment frequency' });
  await expect(drill.getByRole('row').nth(1)).toBeVisible();
  // as many rows as the card counts: "The 100 newest of N." when they are more
  if (counted > 100) {
    await expect(drill).toContainText(`The 100 newest of ${counted}.`);
  } else {
    await expect(drill.getByRole('row')).toHaveCount(Math.min(counted, 10) + 1);
  }
  // every row names its kind and whether it caused a failure in production
  // (a successful rollout, not a failed one); commits link out
  await expect(drill.getByRole('columnheader', { name: 'Kind' })).toBeVisible();
  await expect(
    drill.getByRole('columnheader', { name: 'Caused a failure' }),
  ).toBeVisible();
  await expect(
    drill.getByRole('columnheader', { name: 'Failed', exact: true }),
  ).toHaveCount(0);
  await expect(
    drill
      .getByRole('cell', { name: /^(Planned|Hotfix|Rollback|Fix: .*)$/ })
      .first(),
  ).toBeVisible();
  await expectReadable(page);
  await drill.scrollIntoViewIfNeeded();
  await screenshot(page, 'drilldown-deployment-frequency');

  // the rework rate lists only rework deployments, as many as its numerator
  await drill.getByRole('button', { name: 'Close' }).click();
  const rework = page.getByRole('group', { name: 'Deployment rework rate' });
  const numerator = Number(
    /(\d+) of \d+ deployments? (was|were) rework/.exec(
      await rework.innerText(),
    )?.[1],
  );
  await rework.getByRole('link', { name: /show the rows behind it/ }).click();
  await expect(page).toHaveURL(/drill=deployment-rework-rate/);
  const reworkDrill = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Deployments behind the rework rate' });
  if (numerator === 0) {
    await expect(reworkDrill).toContainText(
      'No deployment of the window was rework.',
    );
  } else {
    await expect(reworkDrill.getByRole('row').nth(1)).toBeVisible();
    await expect(
      reworkDrill.getByRole('cell', { name: 'Planned', exact: true }),
    ).toHaveCount(0);
  }
  await expectReadable(page);
  await screenshot(reworkDrill, 'drilldown-rework-rate');

  // the change failure rate lists as many failed deployments as it counts
  await reworkDrill.getByRole('button', { name: 'Close' }).click();
  const failure = page.getByRole('group', { name: 'Change failure rate' });
  const failed = Number(
    /(\d+) of \d+ deployments? failed/.exec(await failure.innerText())?.[1],
  );
  await failure.getByRole('link', { name: /show the rows behind it/ }).click();
  const failedDrill = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Failed deployments behind the change failure rate' });
  if (failed === 0) {
    await expect(failedDrill).toContainText(
      'No deployment of the window failed.',
    );
  } else {
    const deploymentsTable = failedDrill.getByRole('table').first();
    await expect(deploymentsTable.getByRole('row')).toHaveCount(
      Math.min(failed, 10) + 1,
    );
  }
  await expect(failedDrill).toContainText('Incidents of the window');
  await expectReadable(page);
  await screenshot(failedDrill, 'drilldown-change-failure-rate');

  // the time to restore lists the window's incidents: as many resolved ones as it counts
  await failedDrill.getByRole('button', { name: 'Close' }).click();
  const restore = page.getByRole('group', { name: 'Time to restore service' });
  const resolved = Number(
    /n = (\d+) resolved incidents?/.exec(await restore.innerText())?.[1],
  );
  await restore.getByRole('link', { name: /show the rows behind it/ }).click();
  await expect(page).toHaveURL(/drill=time-to-restore-service/);
  const restoreDrill = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Incidents behind the time to restore' });
  await expect(
    restoreDrill.getByRole('columnheader', { name: 'Restored after' }),
  ).toBeVisible();
  await expect(
    restoreDrill
      .getByRole('row')
      .filter({ has: page.getByRole('cell') })
      .filter({ hasNotText: 'Still open' }),
  ).toHaveCount(resolved);
  await expectReadable(page);
  await screenshot(restoreDrill, 'drilldown-time-to-restore');
  // the recent deployments as people read them
  const deployments = page
    .locator('.MuiPaper-root')
    .filter({
      has: page.getByRole('heading', {
        name: 'Recent deployments',
        exact: true,
      }),
    })
    .last();
  await screenshot(deployments, 'recent-deployments');
});

test("a group's figure drills into the rows of all its services, each named", async ({
  page,
}) => {
  const rollup = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Delivery of the team' });
  await openOnceSeeded(page, '/catalog/default/group/payments', () =>
    expect(
      rollup.getByRole('group', { name: 'Deployment frequency' }),
    ).toContainText(/per (day|week)/, { timeout: 10_000 }),
  );
  await rollup
    .getByRole('group', { name: 'Deployment frequency' })
    .getByRole('link', { name: /show the rows behind it/ })
    .click();
  await expect(page).toHaveURL(/drill=deployment-frequency/);
  const drill = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Deployments behind the deployment frequency' })
    .last();
  await expect(
    drill.getByRole('columnheader', { name: 'Service' }),
  ).toBeVisible();
  await expect(drill.getByRole('row').nth(1)).toBeVisible();
  await expectReadable(page);
  await screenshot(drill, 'drilldown-group');
});

test('the payments-api overview shows who owns it and who to reach', async ({
  page,
}) => {
  await page.goto('/catalog/default/component/payments-api');
  const card = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByRole('group', { name: 'Escalation' }) });
  await expect(card.getByRole('group', { name: 'Owner' })).toContainText(
    'Payments',
  );
  await expect(
    card.getByRole('group', { name: 'Owner' }).getByRole('link'),
  ).toHaveAttribute('href', '/catalog/default/group/payments');
  await expect(card.getByRole('list', { name: 'Members' })).toBeVisible();
  await expect(card.getByRole('group', { name: 'On call' })).toContainText(
    '#payments-oncall',
  );
  await expect(card.getByRole('group', { name: 'Chat channel' })).toContainText(
    '#payments',
  );
  // the example entities set no escalation: the card says what to add
  await expect(card.getByRole('group', { name: 'Escalation' })).toContainText(
    /launchpad\.dev\/escalation/,
  );
  await screenshot(card, 'ownership-card');
  // the whole overview, with its delivery card's refs and times readable
  await expect(
    page.getByRole('group', { name: 'Latest successful deployment' }),
  ).toContainText('production', { timeout: 60_000 });
  await expectReadable(page);
  await screenshot(page, 'component-overview');

  // a member opens on the user's page
  const member = card
    .getByRole('list', { name: 'Members' })
    .getByRole('link')
    .first();
  const href = await member.getAttribute('href');
  expect(href).toMatch(/^\/catalog\/default\/user\//);

  // its APIs are listed on the APIs tab, not squeezed into the overview
  await expect(
    page.getByText('Depends on resources', { exact: true }),
  ).toBeVisible();
  await expect(page.getByText('Provided APIs', { exact: true })).toHaveCount(0);
  await expect(page.getByText('Consumed APIs', { exact: true })).toHaveCount(0);
  // the entity's tab, not the sidebar's APIs page
  await page
    .getByRole('link', { name: 'APIs', exact: true })
    .and(page.locator('[href$="/payments-api/apis"]'))
    .click();
  await expect(page.getByText('Provided APIs', { exact: true })).toBeVisible();
  await expect(page.getByText('Consumed APIs', { exact: true })).toBeVisible();
});
