/*
 * Load test of the delivery backend (not a Jest test): starts the real
 * backend on loopback, drives it with autocannon for DURATION seconds per
 * scenario, prints a table and stops by itself. See README.md.
 *
 *   yarn load                 # 60 s per scenario
 *   yarn load --quick         # 10 s per scenario
 *   DURATION=30 yarn load --only=ingest,metrics
 */
/* eslint-disable no-console */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  LoadBackend,
  startPostgresBackend,
  startSqliteBackend,
} from './backends';
import { writeLoadCatalog } from './catalog';
import { readOptions } from './options';
import { formatTable } from './report';
import {
  LOAD_SERVICES,
  Row,
  ingestScenario,
  metricsScenario,
  seedLoadServices,
  seededFigures,
  sqliteScenario,
  waitForLoadCatalog,
} from './scenarios';

/** delivery.events.maxBatchSize, set explicitly on the SQLite backend. */
const MAX_BATCH_SIZE = 1000;
/** Start-up, catalog and seeding allowance per backend, on top of the traffic. */
const PREPARATION_BUDGET_S = 20 * 60;

const options = readOptions();
const runId = randomBytes(4).toString('hex');
const started: LoadBackend[] = [];
const rows: Row[] = [];
/** Each line with the machine's 1-minute load average: the figures depend on what else runs. */
const log = (message: string) =>
  console.log(
    `[load ${new Date().toISOString().slice(11, 19)}, load avg ${os
      .loadavg()[0]
      .toFixed(2)}] ${message}`,
  );

async function stopAll() {
  for (const backend of started.splice(0)) {
    await backend.stop().catch(e => log(`could not stop a backend: ${e}`));
  }
}

async function track(backend: Promise<LoadBackend>) {
  const b = await backend;
  started.push(b);
  return b;
}

async function runPostgres() {
  const wantIngest = options.scenarios.includes('ingest');
  const wantMetrics = options.scenarios.includes('metrics');
  if (!wantIngest && !wantMetrics) return;
  const catalogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-load-'));
  try {
    log(
      `starting the production backend on PostgreSQL (${LOAD_SERVICES} catalog Components)`,
    );
    const backend = await track(
      startPostgresBackend({
        postgresUrl: options.postgresUrl,
        catalogFile: writeLoadCatalog(catalogDir, LOAD_SERVICES),
      }),
    );
    log(`backend ready at ${backend.baseUrl}; waiting for the catalog`);
    await waitForLoadCatalog(backend);
    // Reads first, so they see exactly the seeded history whatever the
    // ingest scenario adds in its DURATION; the table lists ingest first.
    let metricsRows: Row[] = [];
    if (wantMetrics) {
      log('seeding a history for every load service through the events API');
      const seeded = await seedLoadServices(backend);
      const sample = await seededFigures(backend);
      log(
        `seeded ${seeded} events; one service now has ${sample.deployments} deployments and ${sample.leadTimeSample} lead times in its 30-day window`,
      );
      log(`scenario 2: metrics reads for ${options.durationSeconds} s`);
      metricsRows = await metricsScenario(backend, options.durationSeconds);
    }
    if (wantIngest) {
      log(`scenario 1: ingest for ${options.durationSeconds} s`);
      rows.push(await ingestScenario(backend, options.durationSeconds, runId));
    }
    rows.push(...metricsRows);
  } finally {
    await stopAll();
    fs.rmSync(catalogDir, { recursive: true, force: true });
  }
}

async function runSqlite() {
  if (!options.scenarios.includes('sqlite')) return;
  try {
    log('starting the embedded default (SQLite, demo data)');
    const backend = await track(
      startSqliteBackend({ maxBatchSize: MAX_BATCH_SIZE }),
    );
    log(`backend ready at ${backend.baseUrl}; waiting for the demo history`);
    const scenarioRows = await sqliteScenario(
      backend,
      options.durationSeconds,
      runId,
      MAX_BATCH_SIZE,
    );
    rows.push(...scenarioRows);
  } finally {
    await stopAll();
  }
}

async function main() {
  log(
    `${options.durationSeconds} s per scenario (${options.scenarios.join(
      ', ',
    )}); ${os.cpus().length} CPUs, Node ${process.version}`,
  );
  await runPostgres();
  log('done with PostgreSQL');
  await runSqlite();
  console.log(`\n${formatTable(rows)}\n`);
  if (rows.some(r => r.met === false)) {
    log('some figures miss their target');
  }
}

// Bounded in time whatever happens: a hung backend or a slow catalog ends the run.
const budgetMs =
  (PREPARATION_BUDGET_S * 2 +
    options.scenarios.length * options.durationSeconds * 2) *
  1000;
const watchdog = setTimeout(() => {
  log(`the run exceeded its ${budgetMs / 60_000} min budget; stopping`);
  if (rows.length) console.log(`\n${formatTable(rows)}\n`);
  stopAll().finally(() => process.exit(2));
}, budgetMs);
watchdog.unref();

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the backends`);
    stopAll().finally(() => process.exit(130));
  });
}

main().then(
  () => {
    clearTimeout(watchdog);
    process.exit(0);
  },
  async error => {
    log(`failed: ${error instanceof Error ? error.message : error}`);
    await stopAll();
    process.exit(1);
  },
);
