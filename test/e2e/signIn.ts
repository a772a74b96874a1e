import { expect, Locator, Page, test } from '@playwright/test';
import { expectNothingCutOff } from './layout';

const SCREENSHOT_DIR = 'test-results/screenshots';

/**
 * A screenshot kept with the test results, of the whole page or of one
 * element (a card, a table) scrolled into view, once no text of it is cut
 * off (expectNothingCutOff).
 */
export async function screenshot(
  target: Page | Locator,
  name: string,
  options: { upstreamOverflow?: string } = {},
) {
  const path = `${SCREENSHOT_DIR}/${name}.png`;
  if ('goto' in target) {
    // a page of Backstage's own that overflows says so (`upstreamOverflow`: what does)
    if (!options.upstreamOverflow) {
      await expectNothingCutOff(target.locator('#root'));
    }
    // scrolled down, the page's fixed sidebar would land mid-picture
    await target.evaluate(() => window.scrollTo(0, 0));
    // the entity pages' side column is as tall as the window and scrolls on
    // its own: a window as tall as the page shows all of it
    const size = target.viewportSize()!;
    const height = await target.evaluate(
      () => document.documentElement.scrollHeight,
    );
    await target.setViewportSize({ ...size, height });
    await target.screenshot({ path, fullPage: true });
    await target.setViewportSize(size);
  } else {
    await expectNothingCutOff(target);
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
 * React's development build warns through console.error; production builds
 * print none of these. These come from Backstage's, Material UI 4's and
 * material-table's own components, each named by the stack the warning
 * carries or by the page it appears on. Any other warning (a missing key of
 * ours, a state update after unmount) is a problem.
 */
const upstreamDevelopmentWarnings: {
  message: RegExp;
  from: RegExp;
}[] = [
  // Material UI 4 in strict mode
  { message: /^Warning: findDOMNode is deprecated/, from: /./ },
  // material-table and react-beautiful-dnd, under every Backstage table
  {
    message: /^Warning: %s: Support for defaultProps will be removed/,
    from: /./,
  },
  // the catalog table's toolbar puts its h2 title in an h5
  { message: /^Warning: validateDOMNesting/, from: /CatalogTableToolbar/ },
  // the catalog index page, from an extension with no component name
  {
    message: /^Warning: Each child in a list should have a unique "key"/,
    from: /^http:\/\/localhost:3000\/catalog(\?|$)/,
  },
  // TechDocs' reader renders its addons' portals under one key
  {
    message: /^Warning: Encountered two children with the same key/,
    from: /TechDocsReaderPageContentAddons/,
  },
];

function isUpstreamDevelopmentWarning(text: string, pageUrl: string) {
  return upstreamDevelopmentWarnings.some(
    ({ message, from }) =>
      message.test(text) && (from.test(text) || from.test(pageUrl)),
  );
}

/**
 * Collects what a user would not see but should never happen: console
 * errors, uncaught exceptions, requests that failed and answers of 400 or
 * more. Assert the returned list is empty after the walk.
 */
export function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', message => {
    if (message.type() !== 'error') return;
    if (isUpstreamDevelopmentWarning(message.text(), page.url())) return;
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
    if (response.status() >= 400) {
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
