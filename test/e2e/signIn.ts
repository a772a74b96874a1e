import { expect, Locator, Page, test } from '@playwright/test';

const SCREENSHOT_DIR = 'test-results/screenshots';

/**
 * A screenshot kept with the test results: of the whole page, or of one
 * element (a card, a table), scrolled into view.
 */
export async function screenshot(target: Page | Locator, name: string) {
  const path = `${SCREENSHOT_DIR}/${name}.png`;
  if ('goto' in target) {
    // scrolled down, the page's fixed sidebar would land mid-picture
    await target.evaluate(() => window.scrollTo(0, 0));
    await target.screenshot({ path, fullPage: true });
  } else {
    await target.screenshot({ path });
  }
}

/** The portal's backend, as the browser tests start it. */
export const backend = 'http://localhost:7007';

/** The signed-in guest's Backstage token, to send events as that user. */
export async function guestToken(page: Page): Promise<string> {
  const res = await page.request.get(`${backend}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  expect(res.ok()).toBe(true);
  return (await res.json()).backstageIdentity.token;
}

export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/**
 * For every test of the file: sign in as the guest first, and fail the test
 * if the page had a problem (collectPageProblems) on the way.
 */
export function signInAndWatchEachTest() {
  let problems: string[] = [];
  test.beforeEach(async ({ page }) => {
    problems = collectPageProblems(page);
    await signInAsGuest(page);
  });
  test.afterEach(() => {
    expect(problems).toEqual([]);
  });
}

/**
 * Collects what a user would not see but should never happen: console
 * errors, uncaught exceptions, requests that failed and answers of 400 or
 * more from the backend. Assert the returned list is empty after the walk.
 */
export function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', message => {
    if (message.type() !== 'error') return;
    // React's development build warns through console.error (Material UI 4
    // in strict mode, for one); production builds never print these
    if (message.text().startsWith('Warning: ')) return;
    if (isFirstTechDocsProbe(message.location().url)) return;
    // the scaffolder's form (react-jsonschema-form, given no onError) logs
    // every step it refuses; the refusal shown to the user is what counts
    if (message.text().startsWith('Form validation failed')) return;
    problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', error => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', request => {
    // navigating away cancels what the previous page was still loading
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(
      `request failed: ${request.method()} ${request.url()} (${
        request.failure()?.errorText
      })`,
    );
  });
  page.on('response', response => {
    if (response.status() === 404 && isFirstTechDocsProbe(response.url())) {
      return;
    }
    if (response.status() >= 400 && response.url().includes('/api/')) {
      problems.push(
        `${response.status()} from ${response
          .request()
          .method()} ${response.url()}`,
      );
    }
  });
  return problems;
}

/**
 * TechDocs asks for a site's metadata and first page before it builds the
 * site on first visit; until then both answer 404.
 */
function isFirstTechDocsProbe(url: string) {
  return /\/api\/techdocs\/(metadata\/techdocs|static\/docs)\//.test(url);
}
