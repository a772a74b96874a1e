/*
 * Benchmark of the delivery metrics (not a test): seeds SERVICES services with
 * DEPLOYMENTS deployments and CHANGES changes into SQLite and PostgreSQL, then
 * prints p50/p95 latency and peak heap of the single-service 90-day metrics,
 * of a 50-service group and of the organisation (every service, as
 * GET /metrics/services computes it, without the catalog), the events-API
 * ingest throughput, and the same figures computed in JavaScript from the raw
 * rows as the baseline (checked equal, service by service).
 *
 * The SQL figures are timed as computed (cache off) and as served again from
 * the cache of computed figures (a hit reads the metrics revisions only).
 * The `example` scenario is the embedded default at the example
 * organisation's scale: EXAMPLE_SERVICES services with a year of demo
 * history, stored through the store on SQLite, read as one group.
 *
 *   yarn bench                       # full scale: 2000 / 500000 / 2000000
 *   BENCH_SCALE=0.1 yarn bench       # a tenth of it
 *   BENCH_DB=postgres yarn bench     # some of: sqlite, postgres, example
 *   BENCH_REUSE=1 yarn bench         # keep the seeded databases for the next run
 */
/* eslint-disable no-console, no-loop-func */
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DeliveryMetricsResponse,
  getDoraBenchmark,
} from '@internal/plugin-delivery-common';
import express from 'express';
import { AddressInfo } from 'net';
import os from 'os';
import path from 'path';
import fs from 'fs';
import knexFactory, { Knex } from 'knex';
import { DeliveryStore, ServiceScope } from '../database/DeliveryStore';
import { generateDemoHistory, prng } from '../demo/generateDemoHistory';
import { DeliveryMetrics, MetricsOptions } from '../metrics/DeliveryMetrics';
import { percentileCont } from '../metrics/stats';
import { processCpuMs } from './processCpu';
import { defaultWindowRead } from '../metrics/warmOrganisation';
import { createRouter } from '../router';
import { readDeliveryConfig } from '../service/config';
import { deploymentEventSchema } from '../service/schemas';
import { ConfigReader } from '@backstage/config';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const scale = Number(process.env.BENCH_SCALE ?? 1);
const SERVICES = Math.round(Number(process.env.BENCH_SERVICES ?? 2000 * scale));
const DEPLOYMENTS = Math.round(
  Number(process.env.BENCH_DEPLOYMENTS ?? 500_000 * scale),
);
const CHANGES = Math.round(
  Number(process.env.BENCH_CHANGES ?? 2_000_000 * scale),
);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 40);
const GROUP_SIZE = Number(process.env.BENCH_GROUP_SIZE ?? 50);
const INGEST_EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 20_000);
const PG = process.env.BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';
const ENGINES = (process.env.BENCH_DB ?? 'sqlite,postgres,example').split(',');
/** the services of the example organisation's top group */
const EXAMPLE_SERVICES = Number(process.env.BENCH_EXAMPLE_SERVICES ?? 17);
const NOW = Math.floor(Date.now() / DAY) * DAY;
/** keep the seeded databases and reuse them on the next run */
const REUSE = Boolean(process.env.BENCH_REUSE);
const RUN = Date.now().toString(36);
const ATTRIBUTION = DAY;

const scopeOf = (i: number): ServiceScope => ({
  entityRef: `component:default/svc-${i}`,
  repository: `bench/svc-${i}`,
  workflows: [],
  productionEnvironments: ['production'],
});
const hex = (a: number, b: number) =>
  `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`.padEnd(
    40,
    'a',
  );

async function insertChunked(db: Knex, table: string, rows: object[]) {
  // SQLite compiles a multi-row insert to a compound SELECT (at most 500 terms)
  const size = Math.min(
    db.client.config.client === 'pg' ? 1000 : 400,
    Math.floor(8000 / Object.keys(rows[0]).length),
  );
  for (let i = 0; i < rows.length; i += size) {
    await db(table).insert(rows.slice(i, i + size));
  }
}

async function seed(db: Knex) {
  const started = Date.now();
  const perServiceChanges = Math.floor(CHANGES / SERVICES);
  const perServiceDeployments = Math.floor(DEPLOYMENTS / SERVICES);
  let incidents = 0;
  for (let s = 0; s < SERVICES; s++) {
    const r = prng(s + 1);
    const repo = scopeOf(s).repository;
    const landed = Array.from(
      { length: perServiceChanges },
      () => NOW - 365 * DAY * r(),
    ).sort((a, b) => a - b);
    const changes = landed.map((t, k) => ({
      repository: repo,
      change_key: `pr:${k + 1}`,
      pull_request_number: k + 1,
      head_sha: hex(s, k),
      landed_at: Math.round(t),
      first_commit_at: Math.round(t - (HOUR + 10 * DAY * r() * r())),
      merge_method: ['merge', 'squash', 'rebase'][Math.floor(r() * 3)],
      is_hotfix: r() < 0.03 ? 1 : 0,
      incident_ref: null,
      title: null,
    }));
    const times = Array.from(
      { length: perServiceDeployments },
      () => NOW - 365 * DAY * r(),
    ).sort((a, b) => a - b);
    const deployments: object[] = [];
    const incidentRows: object[] = [];
    let c = 0;
    times.forEach((t, k) => {
      while (c + 1 < landed.length && landed[c + 1] < t) c++;
      const production = r() < 0.6;
      const id = `bench-${s}-${k}`;
      deployments.push({
        source: 'bench',
        external_id: id,
        repository: repo,
        service: null,
        environment: production ? 'production' : 'staging',
        sha: changes[c].head_sha,
        // what the stores keep on every deployment: the landing time of its sha's change
        head_at: changes[c].landed_at,
        ref: 'main',
        status: r() < 0.95 ? 'success' : 'failure',
        status_history: '[]',
        started_at: Math.round(t - 600_000),
        finished_at: Math.round(t),
        workflow: null,
        is_rollback: r() < 0.02 ? 1 : 0,
        is_hotfix: r() < 0.02 ? 1 : 0,
        url: null,
        updated_at: NOW,
      });
      if (production && r() < 0.05) {
        const start = t + HOUR * (1 + 9 * r());
        incidents++;
        incidentRows.push({
          source: 'bench',
          external_id: `${id}-incident`,
          entity_ref: scopeOf(s).entityRef,
          repository: null,
          started_at: Math.round(start),
          resolved_at:
            r() < 0.95 ? Math.round(start + HOUR * (1 + 47 * r())) : null,
          deployment_external_id: r() < 0.3 ? id : null,
          root_cause_sha: null,
          not_change_related: r() < 0.1 ? 1 : 0,
          updated_at: NOW,
        });
      }
    });
    await db.transaction(async tx => {
      await insertChunked(tx, 'delivery_changes', changes);
      await insertChunked(tx, 'delivery_deployments', deployments);
      // what the store keeps with every repository it writes deployments of
      await tx('delivery_metrics_revisions').insert({
        revision_key: repo,
        revision: 1,
        deployments_updated_at: NOW,
      });
      if (incidentRows.length)
        await insertChunked(tx, 'delivery_incidents', incidentRows);
    });
    if (s % 200 === 199) {
      process.stdout.write(
        `  seeded ${s + 1}/${SERVICES} services (${Math.round(
          (Date.now() - started) / 1000,
        )} s)\n`,
      );
    }
  }
  return {
    seconds: (Date.now() - started) / 1000,
    incidents,
    perServiceChanges,
    perServiceDeployments,
  };
}

interface ServiceSummary {
  deployments: number;
  leadMedian: number | null;
  leadN: number;
  failed: number;
  recoveryMedian: number | null;
  recoveryN: number;
  deployDaysMedian: number;
}

const sec = (v: number | null) => (v === null ? null : Math.round(v) / 1000);
const median = (values: number[]) => percentileCont(values, 0.5);

/**
 * The per-service figures DeliveryMetrics computes, in JavaScript from the raw
 * rows (the seeded data has one production stream per service, UTC deploy
 * days and no change that names an incident), and the group's medians.
 */
async function jsMetrics(db: Knex, o: MetricsOptions) {
  const repos = o.scopes.map(s => s.repository);
  const deps = await db('delivery_deployments')
    .select(
      'id',
      'repository',
      'sha',
      'external_id',
      'finished_at',
      'is_rollback',
      'is_hotfix',
    )
    .whereIn('repository', repos)
    .where({ status: 'success', environment: 'production' })
    .whereNotNull('finished_at');
  const changes = await db('delivery_changes')
    .select()
    .whereIn('repository', repos);
  const incidents = await db('delivery_incidents')
    .select()
    .whereIn(
      'entity_ref',
      o.scopes.map(s => s.entityRef),
    )
    .where('started_at', '>=', o.from);
  const byRepo = <T extends { repository?: string; entity_ref?: string }>(
    rows: T[],
    key: (r: T) => string,
  ) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
    return m;
  };
  const depsOf = byRepo(deps, d => d.repository);
  const changesOf = byRepo(changes, c => c.repository);
  const incidentsOf = byRepo(incidents, i => i.entity_ref);
  const weeks = Math.floor((o.to - o.from) / (7 * DAY));
  const services: ServiceSummary[] = o.scopes.map(scope => {
    const cs = (changesOf.get(scope.repository) ?? []).map(c => ({
      landed: Number(c.landed_at),
      first: c.first_commit_at === null ? null : Number(c.first_commit_at),
      hotfix: Number(c.is_hotfix) === 1,
    }));
    const headOf = new Map<string, number>();
    for (const c of changesOf.get(scope.repository) ?? [])
      headOf.set(
        c.head_sha,
        Math.max(headOf.get(c.head_sha) ?? -Infinity, Number(c.landed_at)),
      );
    const seq = (depsOf.get(scope.repository) ?? [])
      .map(d => ({
        id: Number(d.id),
        sha: d.sha as string,
        externalId: d.external_id as string,
        at: Number(d.finished_at),
        fix: Number(d.is_rollback) === 1 || Number(d.is_hotfix) === 1,
        head: headOf.get(d.sha),
      }))
      .sort((x, y) => x.at - y.at || x.id - y.id);
    const inWindow = (t: number) => t >= o.from && t < o.to;
    let prevHead: number | undefined;
    const contained = new Map<number, typeof cs>();
    seq.forEach((d, k) => {
      const candidate =
        d.at >= o.from && (d.at < o.to || (k > 0 && seq[k - 1].at < o.to));
      if (
        candidate &&
        d.head !== undefined &&
        (prevHead === undefined || d.head > prevHead)
      ) {
        const lower = prevHead ?? d.at - 30 * DAY - 1; // the 30 days include their start
        contained.set(
          d.id,
          cs.filter(c => c.landed <= d.head! && c.landed > lower),
        );
      }
      if (d.head !== undefined)
        prevHead = Math.max(prevHead ?? -Infinity, d.head);
    });
    const isFix = (d: (typeof seq)[number]) =>
      d.fix || (contained.get(d.id) ?? []).some(c => c.hotfix);
    const blamed = new Map<
      number,
      Array<{ start: number; end: number | null }>
    >();
    for (const i of incidentsOf.get(scope.entityRef) ?? []) {
      if (Number(i.not_change_related) === 1) continue;
      const start = Number(i.started_at);
      const named = i.deployment_external_id
        ? seq.filter(d => d.externalId === i.deployment_external_id).pop()
        : undefined;
      const dep =
        named ??
        seq.filter(d => d.at <= start && d.at >= start - ATTRIBUTION).pop();
      if (!dep) continue;
      blamed.set(dep.id, [
        ...(blamed.get(dep.id) ?? []),
        { start, end: i.resolved_at === null ? null : Number(i.resolved_at) },
      ]);
    }
    const repaired = new Set(
      seq.flatMap((d, k) =>
        k > 0 && isFix(d) && seq[k - 1].at < o.to ? [seq[k - 1].id] : [],
      ),
    );
    const leads: number[] = [];
    const recoveries: number[] = [];
    const days = new Map<number, Set<number>>();
    let count = 0;
    let failed = 0;
    seq.forEach(d => {
      if (!inWindow(d.at)) return;
      count++;
      const week = Math.floor((d.at - o.from) / (7 * DAY));
      days.set(week, (days.get(week) ?? new Set()).add(Math.floor(d.at / DAY)));
      for (const c of contained.get(d.id) ?? [])
        if (c.first !== null && c.first <= d.at) leads.push(d.at - c.first);
      const incs = blamed.get(d.id) ?? [];
      if (!repaired.has(d.id) && !incs.length) return;
      failed++;
      const firstStart = incs.length
        ? Math.min(...incs.map(i => i.start))
        : null;
      const start = firstStart === null ? d.at : Math.min(firstStart, d.at);
      const after = firstStart === null ? d.at : Math.max(firstStart, d.at);
      const next = seq.find(n => n.at > after && n.sha !== d.sha)?.at ?? null;
      const resolved =
        incs.length && incs.every(i => i.end !== null)
          ? Math.max(...incs.map(i => i.end!))
          : null;
      const ends = [next, resolved].filter((v): v is number => v !== null);
      if (ends.length) recoveries.push(Math.min(...ends) - start);
    });
    return {
      deployments: count,
      leadMedian: sec(median(leads)),
      leadN: leads.length,
      failed,
      recoveryMedian: sec(median(recoveries)),
      recoveryN: recoveries.length,
      deployDaysMedian:
        median(
          Array.from({ length: weeks }, (_, w) => days.get(w)?.size ?? 0),
        ) ?? 0,
    };
  });
  const enough = (n: number) => n >= o.minimumSampleSize;
  if (services.length === 1) {
    // one service: its own figures, enough data or not
    const [only] = services;
    return {
      services,
      group: {
        deployments: only.deployments,
        leadMedian: only.leadMedian,
        recoveryMedian: only.recoveryMedian,
      },
    };
  }
  return {
    services,
    group: {
      deployments: services.reduce((a, x) => a + x.deployments, 0),
      leadMedian: median(
        services.filter(x => enough(x.leadN)).map(x => x.leadMedian!),
      ),
      recoveryMedian: median(
        services.filter(x => enough(x.recoveryN)).map(x => x.recoveryMedian!),
      ),
    },
  };
}

function sqlSummary(m: DeliveryMetricsResponse) {
  return {
    services: m.services!.map(x => ({
      deployments: x.deploymentFrequency.count,
      leadMedian: x.changeLeadTime.median,
      leadN: x.changeLeadTime.sampleSize,
      failed: x.changeFailureRate.numerator,
      recoveryMedian: x.failedDeploymentRecoveryTime.median,
      recoveryN: x.failedDeploymentRecoveryTime.sampleSize,
      deployDaysMedian: x.deploymentFrequency.medianDeployDaysPerWeek,
    })),
    group: {
      deployments: m.deploymentFrequency.count,
      leadMedian: m.changeLeadTime.median,
      recoveryMedian: m.failedDeploymentRecoveryTime.median,
    },
  };
}

/** Runs `fn` and reports the highest heap use above the starting point while it ran, in MiB. */
async function peakHeap<T>(fn: () => Promise<T>): Promise<number> {
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return (peak - base) / 2 ** 20;
}

/** the engine `run` is timing */
let engineOf = '';

/**
 * CPU time (ms) the local PostgreSQL server's processes of the bench
 * database have used so far, from /proc; undefined when not readable (not
 * Linux, or a remote server). Wall times on a shared machine depend on what
 * else runs; the server's CPU time per read much less so.
 */
function benchDatabaseCpuMs(): number | undefined {
  if (engineOf !== 'postgres' || !fs.existsSync('/proc/self/stat'))
    return undefined;
  const used = fs
    .readdirSync('/proc')
    .filter(pid => /^\d+$/.test(pid) && isBenchDatabaseProcess(pid))
    .map(processCpuMs)
    .filter((ms): ms is number => ms !== undefined);
  return used.length ? used.reduce((a, b) => a + b, 0) : undefined;
}

function isBenchDatabaseProcess(pid: string) {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return (
      cmdline.startsWith('postgres: ') && cmdline.includes(' delivery_bench ')
    );
  } catch {
    return false; // the process ended
  }
}

/** The machine's 1-minute load average, to print beside wall times. */
const loadAvg = () => `load avg ${os.loadavg()[0].toFixed(1)}`;

async function timeIt(n: number, fn: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return {
    p50: percentileCont(times, 0.5)!,
    p95: percentileCont(times, 0.95)!,
  };
}

/** PostgreSQL's write-ahead log position in bytes; undefined on SQLite. */
async function walPosition(db: Knex): Promise<number | undefined> {
  if (engineOf !== 'postgres') return undefined;
  const { rows } = await db.raw('SELECT pg_current_wal_lsn()::text AS lsn');
  const [high, low] = String(rows[0].lsn).split('/');
  return parseInt(high, 16) * 2 ** 32 + parseInt(low, 16);
}

async function ingestThroughput(db: Knex, store: DeliveryStore) {
  const config = readDeliveryConfig(new ConfigReader({}));
  const app = express();
  app.use(
    '/api/delivery',
    await createRouter({
      httpAuth: {
        credentials: async () => ({
          $$type: '@backstage/BackstageCredentials',
          principal: { type: 'service', subject: 'bench' },
        }),
      } as any,
      permissions: {
        authorize: async () => [{ result: AuthorizeResult.ALLOW }],
      } as any,
      store,
      metrics: new DeliveryMetrics(store),
      resolver: {} as any,
      config,
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const base = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/delivery`;
  const batch = 500;
  const post = async (p: string, items: object[]) => {
    const res = await fetch(`${base}${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
    });
    if (res.status !== 202)
      throw new Error(`${p}: ${res.status} ${await res.text()}`);
  };
  const iso = (t: number) => new Date(t).toISOString();
  const walBefore = await walPosition(db);
  let t0 = Date.now();
  for (let i = 0; i < INGEST_EVENTS; i += batch) {
    await post(
      '/events/deployments',
      Array.from({ length: Math.min(batch, INGEST_EVENTS - i) }, (_, k) => ({
        externalId: `ingest-${RUN}-${i + k}`,
        repository: 'bench/ingest',
        environment: 'production',
        sha: hex(99999, i + k),
        status: 'success',
        finishedAt: iso(NOW - (i + k) * 60_000),
      })),
    );
  }
  const deployments = INGEST_EVENTS / ((Date.now() - t0) / 1000);
  const walAfter = await walPosition(db);
  const walPerDeployment =
    walBefore === undefined || walAfter === undefined
      ? undefined
      : (walAfter - walBefore) / INGEST_EVENTS;
  t0 = Date.now();
  for (let i = 0; i < INGEST_EVENTS; i += batch) {
    await post(
      '/events/changes',
      Array.from({ length: Math.min(batch, INGEST_EVENTS - i) }, (_, k) => ({
        type: 'pull_request',
        repository: `bench/ingest-${RUN}`,
        number: i + k + 1,
        mergedAt: iso(NOW - (i + k) * 60_000),
        mergeCommitSha: hex(88888, i + k),
        commits: [
          {
            sha: hex(77777, i + k),
            authoredAt: iso(NOW - (i + k) * 60_000 - HOUR),
          },
        ],
      })),
    );
  }
  const changes = INGEST_EVENTS / ((Date.now() - t0) / 1000);
  server.close();
  return { deployments, walPerDeployment, changes };
}

async function run(engine: string) {
  engineOf = engine;
  let db: Knex;
  let file: string | undefined;
  if (engine === 'postgres') {
    const admin = knexFactory({ client: 'pg', connection: `${PG}/postgres` });
    if (!REUSE) await admin.raw('DROP DATABASE IF EXISTS delivery_bench');
    const exists = await admin('pg_database')
      .where('datname', 'delivery_bench')
      .first();
    if (!exists) await admin.raw('CREATE DATABASE delivery_bench');
    await admin.destroy();
    db = knexFactory({
      client: 'pg',
      connection: `${PG}/delivery_bench`,
      pool: { min: 1, max: 5 },
    });
  } else {
    file = REUSE
      ? path.join(os.tmpdir(), 'delivery-bench.sqlite')
      : path.join(
          fs.mkdtempSync(path.join(os.tmpdir(), 'delivery-bench-')),
          'bench.sqlite',
        );
    db = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: file },
      useNullAsDefault: true,
    });
  }
  const store = await DeliveryStore.create({
    database: { getClient: async () => db },
  });
  console.log(
    `\n== ${engine}: ${SERVICES} services, ${DEPLOYMENTS} deployments, ${CHANGES} changes`,
  );
  const [{ n: existing }] = await db('delivery_changes')
    .where('repository', 'like', 'bench/svc-%')
    .count({ n: '*' });
  if (REUSE && Number(existing) === Math.floor(CHANGES / SERVICES) * SERVICES) {
    console.log('  reusing the seeded database (BENCH_REUSE)');
  } else {
    if (Number(existing))
      throw new Error(
        'The bench database is not empty; unset BENCH_REUSE to recreate it',
      );
    const seeded = await seed(db);
    console.log(
      `  seeded in ${seeded.seconds.toFixed(1)} s (${
        seeded.incidents
      } incidents)`,
    );
  }
  // as autovacuum would on a server that has it on (this machine's has not):
  // without the visibility map it sets, index-only scans read the table too
  await db.raw(engine === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');

  const metrics = new DeliveryMetrics(store, { cache: false });
  const cachedMetrics = new DeliveryMetrics(store);
  const base = {
    benchmark: getDoraBenchmark()!,
    minimumSampleSize: 5,
    attributionWindowMs: ATTRIBUTION,
    from: NOW - 90 * DAY,
    to: NOW,
  };
  const r = prng(42);
  /** GROUP_SIZE distinct services, as a group owns each service once */
  const distinct = () => {
    const all = Array.from({ length: SERVICES }, (_, i) => i);
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [all[i], all[j]] = [all[j], all[i]];
    }
    return all.slice(0, Math.min(GROUP_SIZE, SERVICES));
  };
  const single = (i: number) => ({
    ...base,
    scopes: [scopeOf((i * 7919) % SERVICES)],
  });
  const group = () => ({ ...base, scopes: distinct().map(scopeOf) });

  const organisation = () => ({
    ...base,
    scopes: Array.from({ length: SERVICES }, (_, i) => scopeOf(i)),
  });

  // identical figures in SQL and in JS, service by service
  for (const o of [single(1), single(2), group(), organisation()]) {
    const a = sqlSummary(await metrics.metrics(o));
    const b = await jsMetrics(db, o);
    const differing = a.services.filter(
      (x, i) => JSON.stringify(x) !== JSON.stringify(b.services[i]),
    ).length;
    const same =
      !differing && JSON.stringify(a.group) === JSON.stringify(b.group);
    console.log(
      `  check ${o.scopes.length} service(s): SQL ${JSON.stringify(a.group)} ${
        same
          ? '== JS'
          : `!= JS ${JSON.stringify(
              b.group,
            )} (${differing} services differ, e.g. SQL ${JSON.stringify(
              a.services.find(
                (x, i) => JSON.stringify(x) !== JSON.stringify(b.services[i]),
              ),
            )} JS ${JSON.stringify(
              b.services.find(
                (x, i) => JSON.stringify(x) !== JSON.stringify(a.services[i]),
              ),
            )})`
      }`,
    );
  }
  const sqlSingle = await timeIt(ITERATIONS, i => metrics.metrics(single(i)));
  const jsSingle = await timeIt(ITERATIONS, i => jsMetrics(db, single(i)));
  const groups = Array.from(
    { length: Math.max(5, Math.round(ITERATIONS / 4)) },
    group,
  );
  const sqlGroup = await timeIt(groups.length, i => metrics.metrics(groups[i]));
  const jsGroup = await timeIt(groups.length, i => jsMetrics(db, groups[i]));
  const orgRuns = Math.max(3, Math.round(ITERATIONS / 8));
  const orgLoad = loadAvg();
  const orgCpu: number[] = [];
  const sqlOrg = await timeIt(orgRuns, async () => {
    const before = benchDatabaseCpuMs();
    await metrics.metrics(organisation());
    const after = benchDatabaseCpuMs();
    if (before !== undefined && after !== undefined)
      orgCpu.push(after - before);
  });
  const jsOrg = await timeIt(orgRuns, () => jsMetrics(db, organisation()));
  /** each read once to fill the cache, then timed as served from it */
  const cached = async (options: MetricsOptions[]) => {
    for (const o of options) await cachedMetrics.metrics(o);
    return timeIt(options.length, i => cachedMetrics.metrics(options[i]));
  };
  const cachedSingle = await cached(
    Array.from({ length: ITERATIONS }, (_, i) => single(i)),
  );
  const cachedGroup = await cached(groups);
  const cachedOrg = await cached(Array.from({ length: orgRuns }, organisation));
  /**
   * Organisation reads as they go on a busy day: before each, a staging
   * deployment of 1% of the services is stored, which changes their
   * repositories; the figures of the others are served from the cache.
   */
  const changing = Math.max(1, Math.round(SERVICES / 100));
  let written = 0;
  const orgAfterWrites = await timeIt(orgRuns, async () => {
    const services = Array.from(
      { length: changing },
      () => written++ % SERVICES,
    );
    await store.storeDeployments(
      services.map(i =>
        deploymentEventSchema.parse({
          externalId: `bench-${RUN}-staging-${written}-${i}`,
          repository: scopeOf(i).repository,
          environment: 'staging',
          sha: hex(i, 0),
          status: 'success',
          finishedAt: new Date(NOW - DAY).toISOString(),
        }),
      ),
    );
    return cachedMetrics.metrics(organisation());
  });
  const heap = {
    sqlGroup: await peakHeap(() => metrics.metrics(groups[0])),
    jsGroup: await peakHeap(() => jsMetrics(db, groups[0])),
    sqlOrg: await peakHeap(() => metrics.metrics(organisation())),
    jsOrg: await peakHeap(() => jsMetrics(db, organisation())),
  };
  const ingest = await ingestThroughput(db, store);
  const f = (v: { p50: number; p95: number }) =>
    `p50 ${v.p50.toFixed(1)} ms, p95 ${v.p95.toFixed(1)} ms`;
  const mib = (v: number) => `peak heap +${v.toFixed(1)} MiB`;
  console.log(
    `  single service, 90 days, SQL: ${f(sqlSingle)}, cached ${f(
      cachedSingle,
    )}   (JS from raw rows: ${f(jsSingle)}; ${loadAvg()})`,
  );
  console.log(
    `  ${Math.min(GROUP_SIZE, SERVICES)}-service group, SQL: ${f(
      sqlGroup,
    )}, ${mib(heap.sqlGroup)}, cached ${f(
      cachedGroup,
    )}   (JS from raw rows: ${f(jsGroup)}, ${mib(heap.jsGroup)})`,
  );
  console.log(
    `  organisation, all ${SERVICES} services, SQL: ${f(sqlOrg)}, ${mib(
      heap.sqlOrg,
    )}, cached ${f(cachedOrg)}   (JS from raw rows: ${f(jsOrg)}, ${mib(
      heap.jsOrg,
    )}; ${orgLoad} when the SQL runs began)`,
  );
  console.log(
    `  organisation after a write to ${changing} of its services (1%), cached: ${f(
      orgAfterWrites,
    )}   (the write included; ${loadAvg()})`,
  );
  if (orgCpu.length)
    console.log(
      `  organisation, PostgreSQL server CPU per read (SQL): p50 ${percentileCont(
        orgCpu,
        0.5,
      )!.toFixed(0)} ms, max ${Math.max(
        ...orgCpu,
      )} ms (its statements run two at a time, on ${os.cpus().length} cpus)`,
    );
  console.log(
    `  events API ingest: ${Math.round(
      ingest.deployments,
    )} deployment events/s${
      ingest.walPerDeployment === undefined
        ? ''
        : ` (${Math.round(ingest.walPerDeployment)} bytes of WAL each)`
    }, ${Math.round(
      ingest.changes,
    )} change events/s (batches of 500 over HTTP)`,
  );
  await db.destroy();
  if (file && !REUSE)
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

/**
 * The embedded default: SQLite, EXAMPLE_SERVICES services with the demo
 * history the example services get (a year, stored through the store as
 * the demo-data task stores it), the 30-day metrics of the whole group.
 */
async function exampleOrganisation() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'delivery-example-'));
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'delivery.sqlite') },
    useNullAsDefault: true,
  });
  const store = await DeliveryStore.create({
    database: { getClient: async () => db },
  });
  const scopes = Array.from({ length: EXAMPLE_SERVICES }, (_, i) => ({
    entityRef: `component:default/example-${i}`,
    repository: `acme/example-${i}`,
    workflows: [],
    productionEnvironments: ['production'],
  }));
  const started = Date.now();
  let deployments = 0;
  for (const scope of scopes) {
    const history = generateDemoHistory(scope, NOW);
    deployments += history.deployments.length;
    await db.transaction(async tx => {
      await store.storeChanges(history.changes, tx);
      await store.storeDeployments(history.deployments, tx);
      await store.storeIncidents(history.incidents, tx);
    });
  }
  console.log(
    `\n== example organisation on SQLite: ${EXAMPLE_SERVICES} services, ${deployments} deployment events, seeded in ${(
      (Date.now() - started) /
      1000
    ).toFixed(1)} s`,
  );
  const config = readDeliveryConfig(new ConfigReader({}));
  const o = defaultWindowRead(config, scopes, NOW);
  const computed = new DeliveryMetrics(store, { cache: false });
  const cachedMetrics = new DeliveryMetrics(store);
  await cachedMetrics.metrics(o);
  const f = (v: { p50: number; p95: number }) =>
    `p50 ${v.p50.toFixed(1)} ms, p95 ${v.p95.toFixed(1)} ms`;
  console.log(
    `  top group, ${EXAMPLE_SERVICES} services, ${
      config.defaultWindowDays
    } days, SQL: ${f(
      await timeIt(ITERATIONS, () => computed.metrics(o)),
    )}, cached ${f(await timeIt(ITERATIONS, () => cachedMetrics.metrics(o)))}`,
  );
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}

async function main() {
  console.log(
    `delivery benchmark: ${os.cpus().length} cpus, node ${
      process.version
    }, scale ${scale}`,
  );
  for (const engine of ENGINES)
    await (engine === 'example' ? exampleOrganisation() : run(engine));
}

main().catch(e => {
  console.error(String(e?.stack ?? e).slice(0, 2000));
  process.exit(1);
});
