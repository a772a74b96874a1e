import { test, expect, Page } from '@playwright/test';
import { screenshot, signInAndWatchEachTest } from './signIn';

// TechDocs builds a site with mkdocs the first time it is opened.
test.describe.configure({ timeout: 180_000 });

signInAndWatchEachTest();

/** What no page should show a person: raw refs' UUIDs and local file paths. */
async function expectNoRawIds(page: Page) {
  // TechDocs renders its pages in a shadow root with a body of its own
  const text = (await page.locator('body').allInnerTexts()).join('\n');
  expect(text).not.toMatch(
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i,
  );
  expect(text).not.toContain('file://');
  expect(text).not.toContain('user:development/guest');
}

/** Launchpad's own docs, which TechDocs builds with mkdocs when first opened. */
async function openLaunchpadDocs(page: Page) {
  await page.goto('/docs/default/component/launchpad-portal');
  await expect(
    page.getByText("Launchpad is Acme's internal developer platform"),
  ).toBeVisible({ timeout: 120_000 });
}

test('the home page shows search, my services, starred and recently visited', async ({
  page,
}) => {
  await expect(page).toHaveTitle(/Launchpad/);
  // visiting a page fills "Recently visited", once per entity whatever its tab
  await page.goto('/catalog/default/system/launchpad');
  await expect(page.getByRole('heading', { name: 'Launchpad' })).toBeVisible();
  await page.goto('/catalog/default/component/launchpad-backend');
  await expect(
    page.getByRole('heading', { name: 'Launchpad backend' }),
  ).toBeVisible();
  await page.goto('/catalog/default/component/launchpad-backend/delivery');
  await expect(
    page.getByRole('heading', { name: 'Launchpad backend' }),
  ).toBeVisible();
  await page.goto('/');

  await expect(page.getByPlaceholder('Search in Launchpad')).toBeVisible();
  const myServices = page
    .locator('.react-grid-item')
    .filter({ hasText: 'My services' });
  // the guest belongs to the Platform team, which owns Launchpad itself
  await expect(
    myServices.getByRole('link', { name: 'Launchpad backend' }),
  ).toBeVisible();
  await expect(
    myServices.getByRole('link', { name: 'Launchpad portal' }),
  ).toBeVisible();
  // each with its health, linking to the Health tab
  const health = myServices.getByLabel('Health');
  await expect(health).toHaveCount(2);
  await expect(health.first()).toHaveText(
    /^(Healthy|Degraded|Failing|Unknown)$/,
  );
  await expect(page.getByText('Your Starred Entities')).toBeVisible();
  // the cards sit side by side at laptop width, not under each other
  const starred = page
    .locator('.react-grid-item')
    .filter({ hasText: 'Your Starred Entities' });
  const left = (await myServices.boundingBox())!;
  const right = (await starred.boundingBox())!;
  expect(Math.abs(right.y - left.y)).toBeLessThan(5);
  expect(right.x).toBeGreaterThan(left.x + left.width - 1);
  const recent = page
    .locator('.react-grid-item')
    .filter({ hasText: 'Recently Visited' });
  await expect(
    recent.getByRole('link', { name: 'Launchpad', exact: true }),
  ).toHaveAttribute('href', '/catalog/default/system/launchpad');
  // the home page is where you come from, not a visit of its own
  await expect(
    recent.getByRole('link', { name: 'Launchpad', exact: true }),
  ).toHaveCount(1);
  await expect(
    recent.getByRole('link', { name: 'Launchpad backend', exact: true }),
  ).toHaveCount(1);
  // the sidebar's labels fit
  await expect(
    page.getByRole('link', { name: 'Register', exact: true }),
  ).toBeVisible();
  await expect(page.getByText('Welcome to Launchpad')).toBeVisible();
  await expect(page.getByText(/Enable visit tracking/)).toHaveCount(0);
  await expect(
    page.getByRole('link', { name: 'Create', exact: true }),
  ).toBeVisible();
  await expectNoRawIds(page);
  await screenshot(page, 'home');
});

test('the guest is a user of the example organisation and owns its team’s entities', async ({
  page,
}) => {
  await page.goto('/catalog/default/user/guest');
  // the page's title; the profile card's title names the guest too (level 3)
  await expect(
    page.getByRole('heading', { name: 'Guest', level: 2 }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Platform', exact: true }).first(),
  ).toBeVisible();
  // TechDocs only on entities with docs
  await expect(page.getByRole('link', { name: 'TechDocs' })).toHaveCount(0);
  await expectNoRawIds(page);
  await screenshot(page, 'guest-user');

  await page.goto('/catalog?filters[kind]=component&filters[user]=owned');
  await expect(
    page.getByRole('link', { name: 'Launchpad backend', exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'payments-api', exact: true }),
  ).toHaveCount(0);
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
  // names and owners may wrap between words, never inside one
  for (const name of ['Launchpad backend', 'product-catalog', 'Storefront']) {
    const brokenWords = await page
      .getByRole('link', { name, exact: true })
      .first()
      .evaluate(link => {
        const broken: string[] = [];
        const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const word of (node.textContent ?? '').matchAll(/[^\s-]+/g)) {
            const range = document.createRange();
            range.setStart(node, word.index!);
            range.setEnd(node, word.index! + word[0].length);
            const lineTops = [...range.getClientRects()]
              .filter(rect => rect.width > 0)
              .map(rect => Math.round(rect.top));
            if (new Set(lineTops).size > 1) broken.push(word[0]);
          }
        }
        return broken;
      });
    expect(brokenWords, name).toEqual([]);
  }
  // the personal filters' labels are shown whole, not cut by their narrow column
  for (const label of ['Owned', 'Starred']) {
    const clipped = await page
      .getByRole('menuitem')
      .getByText(label, { exact: true })
      .evaluate(text => {
        const cut: string[] = [];
        for (let el: Element | null = text; el; el = el.parentElement) {
          if (el.scrollWidth > el.clientWidth) cut.push(el.tagName);
          if (el.getAttribute('role') === 'menuitem') break;
        }
        return cut;
      });
    expect(clipped, label).toEqual([]);
  }
  await expectNoRawIds(page);
  await screenshot(page, 'catalog', {
    upstreamOverflow:
      "Backstage's catalog table runs 5 px past its card at 1,280 px",
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
  await expectNoRawIds(page);
  await screenshot(page, 'component');
});

test('TechDocs renders Launchpad’s own docs and an example service’s', async ({
  page,
}) => {
  await openLaunchpadDocs(page);
  await expectNoRawIds(page);
  await screenshot(page, 'techdocs-launchpad');

  await page.goto('/catalog/default/component/payments-api/docs');
  await expect(
    page.getByText('payments-api takes card and wallet payments'),
  ).toBeVisible({ timeout: 120_000 });
  await expect(
    page.getByRole('heading', { name: 'An example, not a real service' }),
  ).toBeVisible();
  await expectNoRawIds(page);
  await screenshot(page, 'techdocs-payments-api');

  await page.goto('/docs');
  // Launchpad's own docs, the eight example services' and those of services
  // other browser tests created from a template
  // the picker starts on Owned once its counts load, and may reset a click
  // that came before: click All until the table lists all of them
  await expect(async () => {
    await page.getByRole('menuitem', { name: /^All \d+$/ }).click();
    await expect(page.getByText(/^All \(\d+\)$/)).toBeVisible({
      timeout: 2_000,
    });
  }).toPass();
  for (const name of ['Launchpad portal', 'payments-api', 'web-shop']) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await expectNoRawIds(page);
  await screenshot(page, 'docs-index');
});

test('search answers for every result type, documentation included', async ({
  page,
}) => {
  // the collator indexes the docs once TechDocs has built them
  await openLaunchpadDocs(page);

  // the collators index what the catalog loaded after start-up within a minute
  await expect(async () => {
    await page.goto('/search?query=payments');
    await expect(
      page.getByRole('link', { name: 'payments-api' }).first(),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000, intervals: [5_000] });
  await page.getByText('Software Catalog', { exact: true }).click();
  await expect(
    page.getByRole('link', { name: 'payments-api' }).first(),
  ).toBeVisible();

  await expect(async () => {
    await page.goto('/search?query=deployment%20frequency');
    await page.getByText('Documentation', { exact: true }).click();
    await expect(
      page.getByRole('link', { name: /DORA metrics/ }).first(),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 120_000, intervals: [5_000] });
  await expectNoRawIds(page);
  await screenshot(page, 'search-documentation');
});

test('the catalog graph opens on the Launchpad system', async ({ page }) => {
  await page.goto('/catalog-graph');
  const graph = page.locator('svg');
  for (const name of ['Launchpad', 'Launchpad portal', 'Platform']) {
    await expect(graph.getByText(name, { exact: true }).first()).toBeVisible();
  }
  await expectNoRawIds(page);
  await screenshot(page, 'catalog-graph');
});
