import { LoadBackend } from './backends';
import {
  deploymentBatches,
  loadEntityRef,
  loadRepository,
  seedHistory,
} from './events';
import { withBackendCpu } from './processCpu';
import { Figures, hammer, postBackToBack, send, waitUntil } from './traffic';

/** One line of the final table. */
export type Row = {
  scenario: string;
  figures: Figures;
  /** Events stored per second, for ingest traffic. */
  eventsPerSecond?: number;
  target?: string;
  /** Whether the figures meet the target; undefined without one. */
  met?: boolean;
};

const DEPLOYMENTS_PATH = '/api/delivery/events/deployments';
const CHANGES_PATH = '/api/delivery/events/changes';
const metricsPath = (entityRef: string) =>
  `/api/delivery/metrics?entityRef=${encodeURIComponent(entityRef)}`;
const pick = <T>(values: T[]) =>
  values[Math.floor(Math.random() * values.length)];

export const LOAD_SERVICES = 2000;
const INGEST_BATCH = 100;
const INGEST_CLIENTS = 20;
const READ_CLIENTS = 50;
const SQLITE_READ_CLIENTS = 10;
const SEED_PER_SERVICE = 20;
const SEED_BATCH = 1000;
const SEED_PARALLEL = 4;
const CATALOG_TIMEOUT_MS = 15 * 60_000;

/** Waits until the catalog serves every load Component and the metrics of the last one. */
export async function waitForLoadCatalog(backend: LoadBackend) {
  const { baseUrl, readToken: token } = backend;
  await waitUntil(
    `the catalog to hold ${LOAD_SERVICES} Components`,
    async () => {
      const page = (await send({
        baseUrl,
        token,
        path: '/api/catalog/entities/by-query?filter=kind=component&limit=1&fields=metadata.name',
      })) as { totalItems: number };
      return page.totalItems >= LOAD_SERVICES;
    },
    CATALOG_TIMEOUT_MS,
  );
  await waitUntil(
    'the metrics of the last load Component',
    async () =>
      Boolean(
        await send({
          baseUrl,
          token,
          path: metricsPath(loadEntityRef(LOAD_SERVICES - 1)),
        }),
      ),
    CATALOG_TIMEOUT_MS,
  );
}

/** Scenario 1: 20 clients post batches of 100 deployments for the duration. */
export async function ingestScenario(
  backend: LoadBackend,
  seconds: number,
  runId: string,
): Promise<Row> {
  const batches = deploymentBatches({
    runId,
    batchSize: INGEST_BATCH,
    repositories: Array.from({ length: LOAD_SERVICES }, (_, i) =>
      loadRepository(i),
    ),
  });
  const figures = await withBackendCpu(backend.running.process.pid, () =>
    hammer({
      baseUrl: backend.baseUrl,
      token: backend.eventsToken,
      connections: INGEST_CLIENTS,
      seconds,
      method: 'POST',
      nextRequest: () => ({ path: DEPLOYMENTS_PATH, body: batches.next() }),
    }),
  );
  const eventsPerSecond = (figures.succeeded * INGEST_BATCH) / figures.seconds;
  return {
    scenario: `PostgreSQL: ingest, ${INGEST_CLIENTS} clients x batches of ${INGEST_BATCH} deployments`,
    figures,
    eventsPerSecond,
    target: '0 errors, >= 10,000 events/s',
    met: figures.errors === 0 && eventsPerSecond >= 10_000,
  };
}

/**
 * Gives every load service a history through the events API: commits and
 * their production deployments, so reads compute lead times too.
 */
export async function seedLoadServices(backend: LoadBackend): Promise<number> {
  const histories = Array.from({ length: LOAD_SERVICES }, (_, i) =>
    seedHistory(i, SEED_PER_SERVICE),
  );
  const post = async (path: string, items: unknown[]) => {
    const bodies: string[] = [];
    for (let i = 0; i < items.length; i += SEED_BATCH) {
      bodies.push(JSON.stringify({ items: items.slice(i, i + SEED_BATCH) }));
    }
    for (let i = 0; i < bodies.length; i += SEED_PARALLEL) {
      await Promise.all(
        bodies.slice(i, i + SEED_PARALLEL).map(body =>
          send({
            baseUrl: backend.baseUrl,
            token: backend.eventsToken,
            path,
            body,
          }),
        ),
      );
    }
    return items.length;
  };
  // Changes first, as CI reports them before the deployment that ships them.
  const changes = await post(
    CHANGES_PATH,
    histories.flatMap(h => h.commits),
  );
  const deployments = await post(
    DEPLOYMENTS_PATH,
    histories.flatMap(h => h.deployments),
  );
  return changes + deployments;
}

/**
 * The metrics of one seeded service, to make sure the reads compute figures
 * over its history rather than answer "no data".
 */
export async function seededFigures(backend: LoadBackend) {
  const metrics = (await send({
    baseUrl: backend.baseUrl,
    token: backend.readToken,
    path: metricsPath(loadEntityRef(0)),
  })) as {
    deploymentFrequency: { count: number };
    changeLeadTime: { sampleSize: number };
  };
  if (metrics.deploymentFrequency.count < SEED_PER_SERVICE) {
    throw new Error(
      `the metrics of ${loadEntityRef(0)} count ${
        metrics.deploymentFrequency.count
      } deployments, fewer than the ${SEED_PER_SERVICE} seeded`,
    );
  }
  return {
    deployments: metrics.deploymentFrequency.count,
    leadTimeSample: metrics.changeLeadTime.sampleSize,
  };
}

/**
 * Scenario 2: 50 clients read the metrics of random load services, after
 * each service was read once (the reads that compute the figures of the
 * seeded history) and one client alone for a sixth of the time (the latency
 * of a read with no queue).
 */
export async function metricsScenario(
  backend: LoadBackend,
  seconds: number,
): Promise<Row[]> {
  const reads = (
    connections: number,
    phaseSeconds: number,
    nextService = () => Math.floor(Math.random() * LOAD_SERVICES),
    amount?: number,
  ) =>
    withBackendCpu(backend.running.process.pid, () =>
      hammer({
        baseUrl: backend.baseUrl,
        token: backend.readToken,
        connections,
        seconds: phaseSeconds,
        amount,
        method: 'GET',
        nextRequest: () => ({
          path: metricsPath(loadEntityRef(nextService())),
        }),
      }),
    );
  let read = 0;
  const first = await reads(
    READ_CLIENTS,
    seconds,
    () => read++ % LOAD_SERVICES,
    LOAD_SERVICES,
  );
  const alone = await reads(1, Math.max(1, Math.round(seconds / 6)));
  const figures = await reads(READ_CLIENTS, seconds);
  return [
    {
      scenario: `PostgreSQL: metrics reads, first read of each of the ${LOAD_SERVICES} services after the seeding, ${READ_CLIENTS} clients`,
      figures: first,
    },
    {
      scenario: `PostgreSQL: metrics reads, 1 client over ${LOAD_SERVICES} services`,
      figures: alone,
    },
    {
      scenario: `PostgreSQL: metrics reads, ${READ_CLIENTS} clients over ${LOAD_SERVICES} services`,
      figures,
      target: '0 errors, p99 < 100 ms',
      met: figures.errors === 0 && figures.p99Ms < 100,
    },
  ];
}

type DemoService = { entityRef: string; repository: string };

/** The example services the embedded default seeds demo history for, once seeded. */
export async function waitForDemoServices(
  backend: LoadBackend,
): Promise<DemoService[]> {
  let services: DemoService[] = [];
  await waitUntil(
    'the demo delivery history of the example services',
    async () => {
      const { items } = (await send({
        baseUrl: backend.baseUrl,
        token: backend.readToken,
        path: '/api/catalog/entities/by-query?filter=kind=component,metadata.annotations.launchpad.dev/demo-data=true&fields=metadata.name,metadata.annotations',
      })) as {
        items: {
          metadata: { name: string; annotations: Record<string, string> };
        }[];
      };
      services = items
        .filter(e => e.metadata.annotations['github.com/project-slug'])
        .map(e => ({
          entityRef: `component:default/${e.metadata.name}`,
          repository: e.metadata.annotations['github.com/project-slug'],
        }));
      const log = backend.running.output();
      return (
        services.length > 0 &&
        services.every(s =>
          log.includes(`Seeded demo delivery history for ${s.entityRef}:`),
        )
      );
    },
    CATALOG_TIMEOUT_MS,
  );
  return services;
}

/**
 * Scenario 3, on the embedded default: metrics reads alone for half the
 * duration, then the same reads while one client ingests maximum-size
 * batches back to back.
 */
export async function sqliteScenario(
  backend: LoadBackend,
  seconds: number,
  runId: string,
  maxBatchSize: number,
): Promise<Row[]> {
  const services = await waitForDemoServices(backend);
  const reads = (phaseSeconds: number) =>
    hammer({
      baseUrl: backend.baseUrl,
      token: backend.readToken,
      connections: SQLITE_READ_CLIENTS,
      seconds: phaseSeconds,
      method: 'GET',
      nextRequest: () => ({ path: metricsPath(pick(services).entityRef) }),
    });
  const half = Math.max(1, Math.round(seconds / 2));
  const idle = await reads(half);
  const batches = deploymentBatches({
    runId,
    batchSize: maxBatchSize,
    repositories: services.map(s => s.repository),
  });
  const [busy, ingest] = await Promise.all([
    reads(half),
    postBackToBack({
      baseUrl: backend.baseUrl,
      token: backend.eventsToken,
      path: DEPLOYMENTS_PATH,
      nextBody: () => batches.next(),
      until: Date.now() + half * 1000,
    }),
  ]);
  const clients = `${SQLITE_READ_CLIENTS} clients over ${services.length} example services`;
  return [
    { scenario: `SQLite: metrics reads alone, ${clients}`, figures: idle },
    {
      scenario: `SQLite: metrics reads during max-size ingest, ${clients}`,
      figures: busy,
    },
    {
      scenario: `SQLite: ingest, 1 client x batches of ${maxBatchSize} (the maximum) during those reads`,
      figures: ingest,
      eventsPerSecond: (ingest.succeeded * maxBatchSize) / ingest.seconds,
    },
  ];
}
