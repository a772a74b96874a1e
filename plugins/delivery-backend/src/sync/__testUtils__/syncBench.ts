/*
 * Benchmark of the GitHub sync (a script, not a test): a simulated
 * organisation behind the counting GitHub double of the sync tests, synced
 * into an in-memory SQLite store.
 *
 *   yarn bench:sync [repositories=2000] [changing share=0.05]
 *
 * Prints counted requests (every answer but 304), 304s and wall time for the
 * first sync, for an hour of 5-minute cycles in which the changing share of
 * the repositories each gets a new deployment, workflow run and merged pull
 * request, and for a cycle in which nothing changed.
 */
import { DatabaseService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import knexFactory from 'knex';
import { setupServer } from 'msw/node';
import { DeliveryStore } from '../../database/DeliveryStore';
import { FakeGithub, TOKEN, sha } from './fakeGithub';
import { targetsOf } from '../GithubSync';
import { createGithubSync } from '../scheduleGithubSync';
import { SyncStateStore } from '../SyncStateStore';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CYCLES_PER_HOUR = 12;

/** One change of a repository: a merged pull request, its deployment and its CI run. */
function change(github: FakeGithub, slug: string, n: number, at: number) {
  const repo = github.repository(slug);
  // the pull request's merge commit, as the fake names it: the deployment ships a known change
  const merge = sha(`merge-${n}`);
  repo.addPull({
    number: n,
    mergedAt: at - HOUR,
    commits: [
      { sha: sha(`${slug}-${n}-a`), at: at - 3 * HOUR },
      { sha: sha(`${slug}-${n}-b`), at: at - 2 * HOUR },
    ],
    files: [`src/${n}/a.ts`, `src/${n}/b.ts`, 'README.md'],
  });
  repo.addRun({ id: n, sha: merge, at: at - HOUR + 60_000 });
  repo.addDeployment({
    id: n,
    sha: merge,
    at: at - 30 * 60_000,
    statuses: [
      { state: 'in_progress', at: at - 30 * 60_000 },
      { state: 'success', at: at - 25 * 60_000 },
    ],
  });
}

async function main() {
  const repositories = Number(process.argv[2] ?? 2000);
  const share = Number(process.argv[3] ?? 0.05);
  const now = Math.floor(Date.now() / 1000) * 1000;
  const github = new FakeGithub();
  const server = setupServer(...github.handlers);
  server.listen({ onUnhandledRequest: 'error' });

  const slugs = Array.from(
    { length: repositories },
    (_, i) => `org/service-${i}`,
  );
  // ten changes per repository over the backfill period, and an incident
  slugs.forEach((slug, r) => {
    for (let n = 1; n <= 10; n++) change(github, slug, n, now - n * 15 * DAY);
    github.repository(slug).addIssue({
      number: 1000 + r,
      at: now - 20 * DAY,
      closedAt: now - 19 * DAY,
    });
  });
  const entities: Entity[] = slugs.map(slug => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: slug.split('/')[1],
      annotations: { 'github.com/project-slug': slug },
    },
    spec: {},
  }));

  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  const store = await DeliveryStore.create({
    database: { getClient: async () => knex } as unknown as DatabaseService,
  });
  const { sync, isGithubHost } = createGithubSync({
    rootConfig: new ConfigReader({
      integrations: { github: [{ host: 'github.com', token: TOKEN }] },
    }),
    store,
    state: new SyncStateStore(knex),
    logger: mockServices.rootLogger({ level: 'error' }),
    config: {
      backfillDays: 180,
      concurrency: 8,
      minRateLimitRemaining: 0,
      deploymentWorkflows: [],
      incidentLabel: 'incident',
      productionEnvironments: ['production'],
    },
  });
  const targets = targetsOf(entities, [], isGithubHost);

  const cycle = async () => {
    github.clearLog();
    const started = Date.now();
    const summary = await sync.run(targets);
    if (summary.failed.length) {
      throw new Error(`failed: ${JSON.stringify(summary.failed.slice(0, 3))}`);
    }
    return {
      counted: github.counted,
      notModified: github.notModified,
      ms: Date.now() - started,
    };
  };

  const rows: string[][] = [];
  const first = await cycle();
  rows.push([
    'first sync (180-day backfill)',
    String(first.counted),
    String(first.notModified),
    `${(first.ms / 1000).toFixed(1)} s`,
  ]);

  const changing = Math.round(repositories * share);
  let hourCounted = 0;
  let hourNotModified = 0;
  let hourMs = 0;
  let worstCycle = 0;
  let next = 100;
  for (let c = 0; c < CYCLES_PER_HOUR; c++) {
    // the changing repositories, spread over the hour's cycles
    const from = Math.floor((c * changing) / CYCLES_PER_HOUR);
    const to = Math.floor(((c + 1) * changing) / CYCLES_PER_HOUR);
    for (const slug of slugs.slice(from, to)) {
      change(github, slug, next++, Date.now());
    }
    const result = await cycle();
    hourCounted += result.counted;
    hourNotModified += result.notModified;
    hourMs += result.ms;
    worstCycle = Math.max(worstCycle, result.ms);
  }
  rows.push([
    `one hour: ${CYCLES_PER_HOUR} cycles, ${changing} repositories change`,
    String(hourCounted),
    String(hourNotModified),
    `${(hourMs / 1000).toFixed(1)} s (slowest cycle ${(
      worstCycle / 1000
    ).toFixed(1)} s)`,
  ]);

  const idle = await cycle();
  rows.push([
    'a cycle without changes',
    String(idle.counted),
    String(idle.notModified),
    `${(idle.ms / 1000).toFixed(1)} s`,
  ]);

  server.close();
  await knex.destroy();
  process.stdout.write(
    `GitHub sync of ${repositories} repositories (SQLite in memory, concurrency 8)\n\n| run | counted requests | 304 (not counted) | wall time |\n| --- | --- | --- | --- |\n${rows
      .map(r => `| ${r.join(' | ')} |`)
      .join('\n')}\n`,
  );
}

main().catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
