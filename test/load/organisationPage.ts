/*
 * How long the Organisation page (/delivery) takes to show the benchmark
 * organisation in a real browser (not a Jest or Playwright test): builds the
 * app, starts the production backend on PostgreSQL with 2,000 catalog services
 * over a copy of the delivery benchmark's database (delivery_bench), opens the
 * page in Chromium as the guest, prints a table and stops by itself. See
 * README.md.
 *
 *   yarn load:organisation-page    # a new load, 3 first loads, 5 warm reloads, 2 restarts
 *   FIRST_RUNS=2 WARM_RUNS=3 RESTART_RUNS=1 yarn load:organisation-page --no-build
 */
/* eslint-disable no-console */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Page } from '@playwright/test';
import { Client } from 'pg';
import { LoadBackend, startPostgresBackend } from './backends';
import { CatalogShape, teamName, writeLoadCatalog } from './catalog';
import { readOptions } from './options';
import {
  PageLoad,
  RequestSpan,
  SignedIn,
  launchBrowser,
  loadOrganisationPage,
  signedInPage,
  sortServices,
} from './organisationPageBrowser';
import { TimingRow, formatTimingTable } from './timingTable';
import { send, waitUntil } from './traffic';

const BENCH_DATABASE = 'delivery_bench';
const SERVICES = 2000;
/** 40 teams of 50 services: the benchmark's group size */
const TEAMS = 40;
const BENCH_CATALOG: CatalogShape = {
  name: i => `svc-${i}`,
  repository: i => `bench/svc-${i}`,
  teams: TEAMS,
};
const TARGET = { label: '< 2,000 ms', maxMs: 2000 };
const CATALOG_TIMEOUT_MS = 15 * 60_000;
const REPO_ROOT = path.resolve(__dirname, '../..');
const SCREENSHOTS = path.join(REPO_ROOT, 'test-results/screenshots');
const PROFILES = path.join(REPO_ROOT, 'test-results/profiles');
const SORT_COLUMN = 'Deploys';
/** Build, start-up, catalog and restarts included: a hung backend or browser ends the run. */
const BUDGET_MS = 90 * 60_000;

const runs = (name: string, fallback: number, min = 1) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min || value > 20) {
    throw new Error(`${name} must be a whole number from ${min} to 20`);
  }
  return value;
};
const firstRuns = runs('FIRST_RUNS', 3);
const warmRuns = runs('WARM_RUNS', 5);
const restartRuns = runs('RESTART_RUNS', 2, 0);
const build = !process.argv.includes('--no-build');
/** PROFILE=1: each load's CPU profile is written, its times then include the profiler's cost. */
const profile = process.env.PROFILE === '1';
const { postgresUrl } = readOptions([]);

const loadAverage = () => os.loadavg()[0];
const log = (message: string) =>
  console.log(
    `[organisation page ${new Date()
      .toISOString()
      .slice(11, 19)}, load avg ${loadAverage().toFixed(2)}] ${message}`,
  );

async function benchDatabaseExists() {
  const client = new Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      'SELECT 1 FROM pg_database WHERE datname = $1',
      [BENCH_DATABASE],
    );
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

function buildApp() {
  const started = Date.now();
  log('building the app (yarn workspace app build)');
  const result = spawnSync('yarn', ['workspace', 'app', 'build'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) {
    throw new Error(`yarn workspace app build exited with ${result.status}`);
  }
  log(`app built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * The guest may sign in although the backend runs with NODE_ENV=production,
 * and the app offers the guest rather than GitHub (auth.environment), which
 * then needs a development entry of its own.
 */
const GUEST_SIGN_IN = `
auth:
  environment: development
  providers:
    guest:
      dangerouslyAllowOutsideDevelopment: true
    github:
      development:
        clientId: load-test-client
        clientSecret: load-test-secret
`;

/** Until the catalog serves every service, owned by its team (relations stitched). */
async function waitForCatalog(backend: LoadBackend) {
  const count = async (filter: string) =>
    (
      (await send({
        baseUrl: backend.baseUrl,
        token: backend.readToken,
        path: `/api/catalog/entities/by-query?filter=${encodeURIComponent(
          filter,
        )}&limit=1&fields=metadata.name`,
      })) as { totalItems: number }
    ).totalItems;
  const lastTeam = `group:default/${teamName(TEAMS - 1)}`;
  await waitUntil(
    `the catalog to hold ${SERVICES} services owned by ${TEAMS} teams`,
    async () =>
      (await count('kind=component')) >= SERVICES &&
      (await count(`kind=component,relations.ownedBy=${lastTeam}`)) ===
        SERVICES / TEAMS,
    CATALOG_TIMEOUT_MS,
  );
}

/**
 * new: right after the first start over a new database, when no figures
 * were computed yet; first: a new browser profile; warm: a reload; restart:
 * a new browser profile right after the backend restarted.
 */
const KINDS = ['new', 'first', 'warm', 'restart'] as const;
type Kind = (typeof KINDS)[number];
type Run = { kind: Kind; load: PageLoad; loadAverage: number };

/**
 * A first load comes a minute after the backend started and a minute after
 * the page's last load: the page's window (up to the next whole minute) is
 * then one no load of the page has read, as when a user arrives at a backend
 * that has been running.
 */
const FIRST_LOAD_AFTER_MS = 60_000;

/**
 * How long a backend serves before the script restarts it: a deployment
 * replaces a backend that has been running, whose computing ahead (every
 * 30 s, the first run 5 s after the delivery plugin starts) has run. A
 * process restarted within seconds of its start never computed ahead, and
 * the restarts after it found nothing computed for their minute.
 */
const SERVED_BEFORE_RESTART_MS = 40_000;

const READS_ALONE = 3;

/**
 * GET /metrics/services without from and to (the backend's default window,
 * which ends at the next whole minute), timed from here: the first read
 * computes the figures unless a read of the same window kept them (the
 * page's, when its window is the same), the next ones find them kept.
 */
async function defaultWindowReads(backend: LoadBackend): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < READS_ALONE; i++) {
    const sent = performance.now();
    await send({
      baseUrl: backend.baseUrl,
      token: backend.readToken,
      path: '/api/delivery/metrics/services',
    });
    times.push(performance.now() - sent);
  }
  return times;
}

const duration = (span?: RequestSpan) =>
  span ? span.endMs - span.startMs : undefined;
const ms = (value?: number) =>
  value === undefined ? '-' : `${Math.round(value).toLocaleString('en-US')} ms`;

function describe(run: Run, n: number) {
  const { load } = run;
  const request = (name: string, span?: RequestSpan) =>
    span
      ? `${name} ${ms(duration(span))} (sent at ${ms(span.startMs)})`
      : `${name} not seen`;
  return [
    `${run.kind} ${n}: services' rows at ${ms(load.serviceRowsMs)},`,
    `${load.teamRows} teams' figures at ${ms(load.teamFiguresMs)};`,
    request('/metrics/services', load.servicesRequest),
    `slowest requests: ${load.slowest
      .map(r => `${r.path} ${ms(duration(r))} (at ${ms(r.startMs)})`)
      .join(', ')}`,
  ].join(' ');
}

/** The table's lines of the page loads, by kind. */
function pageRows(all: Run[]): TimingRow[] {
  return KINDS.flatMap(kind => {
    const of = all.filter(r => r.kind === kind);
    const loadAverages = of.map(r => r.loadAverage);
    const row = (
      measure: string,
      value: (l: PageLoad) => number | undefined,
      target?: TimingRow['target'],
    ): TimingRow => ({
      measure: `${kind}: ${measure}`,
      samples: of
        .map(r => value(r.load))
        .filter((v): v is number => v !== undefined),
      loadAverages,
      target,
    });
    return [
      row("services' first rows shown", l => l.serviceRowsMs),
      row(
        "teams' figures shown (page loaded)",
        l => Math.max(l.serviceRowsMs, l.teamFiguresMs),
        TARGET,
      ),
      row('GET /metrics/services', l => duration(l.servicesRequest)),
    ];
  });
}

/** A line of the table timed once now, outside the page loads. */
const timedNow = (measure: string, samples: number[]): TimingRow => ({
  measure,
  samples,
  loadAverages: [loadAverage()],
});

/**
 * A screenshot into test-results/screenshots/: of the whole page from its
 * top, or (`viewport`) of what the window shows. After a click, Chromium's
 * full-page capture drew the content shifted under the sidebar, which the
 * window never showed.
 */
async function screenshot(page: Page, name: string, viewport = false) {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  if (!viewport) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: !viewport });
  log(`screenshot: ${path.relative(REPO_ROOT, file)}`);
}

let backend: LoadBackend | undefined;
const catalogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-load-'));

async function main() {
  if (!(await benchDatabaseExists())) {
    console.error(
      `The benchmark database ${BENCH_DATABASE} does not exist on ${postgresUrl}. Create it (about 10 minutes) with:\n\n  BENCH_DB=postgres BENCH_REUSE=1 yarn workspace @internal/plugin-delivery-backend bench\n`,
    );
    return 1;
  }
  if (build) buildApp();
  else log('--no-build: serving packages/app/dist as it is');

  log(
    `starting the production backend on PostgreSQL: ${SERVICES} services of ${TEAMS} teams, delivery database a copy of ${BENCH_DATABASE}`,
  );
  backend = await startPostgresBackend({
    postgresUrl,
    catalogFile: writeLoadCatalog(catalogDir, SERVICES, BENCH_CATALOG),
    databaseTemplates: { delivery: BENCH_DATABASE },
    extraConfig: GUEST_SIGN_IN,
  });
  log(`backend ready at ${backend.baseUrl}; waiting for the catalog`);
  await waitForCatalog(backend);

  const browser = await launchBrowser();
  const all: Run[] = [];
  const more: TimingRow[] = [];
  let backendStarted = Date.now();
  let lastLoad = Date.now();
  const measure = async (
    kind: Kind,
    signedIn: SignedIn,
    how: 'open' | 'reload',
  ) => {
    const n = all.filter(r => r.kind === kind).length + 1;
    const profileFile = profile
      ? path.join(PROFILES, `organisation-page-${kind}-${n}.cpuprofile`)
      : undefined;
    const load = await loadOrganisationPage(signedIn, how, profileFile);
    const run = { kind, load, loadAverage: loadAverage() };
    all.push(run);
    lastLoad = Date.now();
    log(describe(run, n));
    if (profileFile)
      log(`  CPU profile: ${path.relative(REPO_ROOT, profileFile)}`);
    for (const problem of run.load.problems) log(`  page problem: ${problem}`);
  };
  try {
    let signedIn = await signedInPage(browser, backend.baseUrl);
    await measure('new', signedIn, 'open');
    for (let i = 0; i < firstRuns; i++) {
      await signedIn.context.close();
      const due = Math.max(
        0,
        Math.max(backendStarted, lastLoad) + FIRST_LOAD_AFTER_MS - Date.now(),
      );
      log(`first load ${i + 1}: a new browser profile in ${ms(due)}`);
      await sleep(due);
      signedIn = await signedInPage(browser, backend.baseUrl);
      await measure('first', signedIn, 'open');
    }
    for (let i = 0; i < warmRuns; i++) {
      await measure('warm', signedIn, 'reload');
    }
    await screenshot(signedIn.page, 'organisation-page-2000');
    const sortMs = await sortServices(signedIn.page, SORT_COLUMN);
    log(`sorted the services by ${SORT_COLUMN} in ${ms(sortMs)}`);
    more.push(timedNow(`sort the services by ${SORT_COLUMN}`, [sortMs]));
    await screenshot(signedIn.page, 'organisation-page-2000-sorted', true);
    for (let i = 0; i < restartRuns; i++) {
      await signedIn.context.close();
      const served = Date.now() - backendStarted;
      if (served < SERVED_BEFORE_RESTART_MS) {
        log(
          `restart ${i + 1}: the backend has served ${ms(
            served,
          )}; waiting for ${ms(SERVED_BEFORE_RESTART_MS)}`,
        );
        await sleep(SERVED_BEFORE_RESTART_MS - served);
      }
      log('restarting the backend: nothing computed in its memory');
      const stopping = Date.now();
      await backend.restart();
      backendStarted = Date.now();
      await waitForCatalog(backend);
      signedIn = await signedInPage(browser, backend.baseUrl);
      log(`signed in ${ms(Date.now() - stopping)} after stopping the backend`);
      await measure('restart', signedIn, 'open');
    }
  } finally {
    await browser.close();
  }
  const times = await defaultWindowReads(backend);
  log(
    `GET /api/delivery/metrics/services without from/to, ${READS_ALONE} times: ${times
      .map(ms)
      .join(', ')}`,
  );
  more.push(
    timedNow('API alone, default window: first read', times.slice(0, 1)),
    timedNow('API alone, default window: read again', times.slice(1)),
  );
  console.log(`\n${formatTimingTable([...pageRows(all), ...more])}\n`);
  return 0;
}

async function cleanUp() {
  await backend?.stop().catch(e => log(`could not stop the backend: ${e}`));
  fs.rmSync(catalogDir, { recursive: true, force: true });
}

const watchdog = setTimeout(() => {
  log(`the run exceeded its ${BUDGET_MS / 60_000} min budget; stopping`);
  cleanUp().finally(() => process.exit(2));
}, BUDGET_MS);
watchdog.unref();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the backend`);
    cleanUp().finally(() => process.exit(130));
  });
}

main().then(
  async code => {
    await cleanUp();
    process.exit(code);
  },
  async error => {
    log(`failed: ${error instanceof Error ? error.message : error}`);
    await cleanUp();
    process.exit(1);
  },
);
