import fs from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, Page, chromium } from '@playwright/test';
import playwrightConfig from '../../playwright.config';
import { collectPageProblems } from '../e2e/signIn';

/** When, in ms from the start of the navigation, the page showed what and asked for what. */
export type PageLoad = {
  /** The services table showed its first rows with figures. */
  serviceRowsMs: number;
  /** The teams table showed its rows with figures. */
  teamFiguresMs: number;
  /** Rows of the teams table (one per team). */
  teamRows: number;
  /** GET /api/delivery/metrics/services, as the page's Resource Timing saw it. */
  servicesRequest?: RequestSpan;
  /** The load's slowest requests, slowest first. */
  slowest: Array<RequestSpan & { path: string }>;
  /** Console errors, failed requests and API errors during the load. */
  problems: string[];
};

export type RequestSpan = { startMs: number; endMs: number };

const SLOWEST = 5;

const LOAD_TIMEOUT_MS = 300_000;

type Marks = { serviceRows?: number; teamFigures?: number; teamRows?: number };

declare global {
  interface Window {
    organisationPageMarks?: Marks;
  }
}

/**
 * Runs in the page before its own scripts: notes the moment (performance.now(),
 * from the start of the navigation) each table first shows rows with figures.
 */
function watchTables() {
  const FIGURE =
    /\d( per |\/)(day|week)|No data yet|Not enough data|Could not load/;
  const marks: Marks = {};
  window.organisationPageMarks = marks;
  performance.setResourceTimingBufferSize(5000);
  /** The rows with figures of the table under the heading `title`. */
  const rowsWithFigures = (title: string) => {
    let box = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].find(
      h => h.textContent?.trim() === title,
    );
    while (box && !box.querySelector('table')) box = box.parentElement!;
    return [...(box?.querySelectorAll('tbody tr') ?? [])].filter(row =>
      FIGURE.test(row.textContent ?? ''),
    ).length;
  };
  const observer = new MutationObserver(() => {
    if (marks.serviceRows === undefined && rowsWithFigures('Services')) {
      marks.serviceRows = performance.now();
    }
    // the teams table gets all its rows at once, when every team is computed
    const teamRows = rowsWithFigures('Teams');
    if (marks.teamFigures === undefined && teamRows) {
      marks.teamFigures = performance.now();
      marks.teamRows = teamRows;
    }
    if (marks.serviceRows !== undefined && marks.teamFigures !== undefined) {
      observer.disconnect();
    }
  });
  observer.observe(document, {
    childList: true,
    subtree: true,
    characterData: true,
  });
}

/** Chromium as the browser tests launch it (playwright.config.ts). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch(playwrightConfig.use?.launchOptions);
}

/** A browser profile's page and the problems collected on it. */
export type SignedIn = {
  context: BrowserContext;
  page: Page;
  problems: string[];
};

/** A new browser profile (empty cache), signed in as the guest. */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
): Promise<SignedIn> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 800 },
  });
  await context.addInitScript(watchTables);
  const page = await context.newPage();
  const problems = collectPageProblems(page);
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .getByRole('link', { name: 'Catalog', exact: true })
    .waitFor({ timeout: LOAD_TIMEOUT_MS });
  // the home page's own requests are not the organisation page's
  await page.waitForLoadState('networkidle');
  return { context, page, problems };
}

async function spans(page: Page) {
  const all = await page.evaluate(() =>
    (
      performance.getEntriesByType('resource') as PerformanceResourceTiming[]
    ).map(e => ({
      url: e.name,
      startMs: e.startTime,
      endMs: e.responseEnd,
    })),
  );
  const span = ({ url, ...times }: (typeof all)[number]) => ({
    path: new URL(url).pathname,
    ...times,
  });
  // the page's one request: its answer names every service's owner and
  // system and holds every team's figures
  const services = all.find(e =>
    /\/api\/delivery\/metrics\/services\?/.test(e.url),
  );
  return {
    servicesRequest: services && span(services),
    slowest: all
      .map(span)
      .sort((a, b) => b.endMs - b.startMs - (a.endMs - a.startMs))
      .slice(0, SLOWEST),
  };
}

/** Sampling interval of a CPU profile, in µs (DevTools' own default is 1,000). */
const PROFILE_SAMPLING_US = 250;

/**
 * Runs `work` with the page's JavaScript CPU profiler on and writes the profile
 * to `file`, which Chrome DevTools' Performance panel opens (with the app's
 * source maps, served beside its bundle).
 */
async function profiled(page: Page, file: string, work: () => Promise<void>) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', {
    interval: PROFILE_SAMPLING_US,
  });
  await cdp.send('Profiler.start');
  try {
    await work();
  } catch (error) {
    // the load's error matters, not the profile of a failed load
    await cdp.detach().catch(() => undefined);
    throw error;
  }
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(profile));
}

/**
 * Opens the organisation page (`reload`: reloads it) and waits until both
 * tables show figures; `problems` are those signedInPage collects. With
 * `profileFile`, the page's CPU profile of the load is written there.
 */
export async function loadOrganisationPage(
  { page, problems }: SignedIn,
  how: 'open' | 'reload',
  profileFile?: string,
): Promise<PageLoad> {
  const seen = problems.length;
  const load = async () => {
    if (how === 'open') await page.goto('/delivery');
    else await page.reload();
    await page.waitForFunction(
      () =>
        window.organisationPageMarks?.serviceRows !== undefined &&
        window.organisationPageMarks?.teamFigures !== undefined,
      null,
      { timeout: LOAD_TIMEOUT_MS, polling: 200 },
    );
  };
  if (profileFile) await profiled(page, profileFile, load);
  else await load();
  const marks = await page.evaluate(() => window.organisationPageMarks!);
  return {
    serviceRowsMs: marks.serviceRows!,
    teamFiguresMs: marks.teamFigures!,
    teamRows: marks.teamRows!,
    ...(await spans(page)),
    problems: problems.slice(seen),
  };
}

/**
 * Sorts the services table by one of its columns, as a user clicks its
 * heading, and waits until its first row changed: the time that took (ms).
 */
export async function sortServices(page: Page, column: string) {
  const services = page.getByRole('table').first();
  const firstRow = services.getByRole('row').nth(1);
  const before = await firstRow.textContent();
  const clicked = Date.now();
  await services.getByRole('columnheader', { name: column }).click();
  // the services table is the page's first
  await page.waitForFunction(
    text => document.querySelector('table')?.rows[1]?.textContent !== text,
    before,
    { timeout: LOAD_TIMEOUT_MS, polling: 'raf' },
  );
  return Date.now() - clicked;
}
