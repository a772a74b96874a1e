import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { generateKeyPairSync } from 'crypto';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  createTestDatabases,
  createTestStore,
  TestStore,
} from '../__testUtils__/databases';
import { DeliveryKind, parserOf, storeEvents } from '../github/ingest';
import { normalise } from '../github/normalise';
import { validateItems } from '../service/validation';
import { FakeGithub, TOKEN, sha } from './__testUtils__/fakeGithub';
import { targetsOf } from './GithubSync';
import { createGithubSync } from './scheduleGithubSync';
import { SyncConfig } from './syncConfig';
import { SyncStateStore } from './SyncStateStore';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** GitHub's times have whole seconds */
const NOW = Math.floor(Date.now() / 1000) * 1000;

const server = setupServer();
registerMswTestHooks(server);

const entity = (
  name: string,
  slug: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    annotations: { 'github.com/project-slug': slug, ...annotations },
  },
  spec: { type: 'service' },
});

const SYNC_CONFIG: SyncConfig = {
  backfillDays: 180,
  concurrency: 2,
  minRateLimitRemaining: 0,
  deploymentWorkflows: [],
  incidentLabel: 'incident',
  productionEnvironments: ['production'],
};

/** acme/svc: deployments, CI runs, pull requests and incidents, some outside what the sync takes. */
function seedService(github: FakeGithub) {
  const svc = github.repository('acme/svc');
  svc.addPull({
    number: 1,
    mergedAt: NOW - 10 * DAY - HOUR,
    commits: [
      { sha: sha('c1'), at: NOW - 12 * DAY },
      { sha: sha('c2'), at: NOW - 11 * DAY },
    ],
    files: ['src/a.ts', 'src/b.ts'],
  });
  svc.addPull({ number: 2, mergedAt: null, commits: [], files: [] });
  // merged before the backfill period
  svc.addPull({
    number: 3,
    mergedAt: NOW - 200 * DAY,
    commits: [{ sha: sha('old'), at: NOW - 201 * DAY }],
    files: ['old.ts'],
  });
  svc.addDeployment({
    id: 101,
    sha: sha('merge-1'),
    at: NOW - 10 * DAY,
    statuses: [
      { state: 'in_progress', at: NOW - 10 * DAY },
      { state: 'success', at: NOW - 10 * DAY + 300_000 },
    ],
  });
  svc.addDeployment({
    id: 102,
    sha: sha('b'),
    at: NOW - 5 * DAY,
    statuses: [{ state: 'failure', at: NOW - 5 * DAY + 60_000 }],
  });
  for (let i = 0; i < 3; i++) {
    svc.addRun({ id: 500 + i, sha: sha(`run-${i}`), at: NOW - (i + 1) * DAY });
  }
  svc.addIssue({
    number: 7,
    at: NOW - 4 * DAY,
    closedAt: NOW - 4 * DAY + 2 * HOUR,
    body: `Checkout down.\n\nroot cause: ${sha('b')}`,
  });
  svc.addIssue({ number: 8, at: NOW - 3 * DAY, labels: ['bug'] });
}

/** `count` workflow runs, two hours apart, the newest now. */
function seedRuns(github: FakeGithub, slug: string, count: number) {
  const repo = github.repository(slug);
  for (let i = 0; i < count; i++) {
    repo.addRun({
      id: 10_000 + i,
      sha: sha(`big-${i}`),
      at: NOW - i * 2 * HOUR,
    });
  }
}

describe('targetsOf', () => {
  it("gives a repository the production environments of any of its entities: an entity's annotation, else the default", () => {
    const [target] = targetsOf(
      [
        entity('api', 'acme/mono', {
          'launchpad.dev/production-environments': 'live, Prod-EU',
        }),
        entity('web', 'acme/mono'),
      ],
      [],
      () => false,
      ['production', 'prod'],
    );
    expect(target.productionEnvironments).toEqual([
      'live',
      'prod-eu',
      'production',
      'prod',
    ]);
  });
});

describe('GitHub sync against GitHub (msw, OpenAPI examples)', () => {
  const databases = createTestDatabases();
  let github: FakeGithub;

  beforeEach(() => {
    github = new FakeGithub();
    server.use(...github.handlers);
  });

  async function setup(
    databaseId: Parameters<typeof createTestStore>[1],
    config: Partial<SyncConfig> = {},
  ) {
    const store: TestStore = await createTestStore(databases, databaseId);
    const logger = mockServices.logger.mock();
    const state = new SyncStateStore(store.db);
    const { sync, isGithubHost } = createGithubSync({
      rootConfig: new ConfigReader({
        integrations: { github: [{ host: 'github.com', token: TOKEN }] },
      }),
      store,
      state,
      logger,
      config: { ...SYNC_CONFIG, ...config },
      clientOptions: { retryAfterBaseMs: 1 },
    });
    const run = (entities: Entity[], signal?: AbortSignal) =>
      sync.run(
        targetsOf(
          entities,
          config.deploymentWorkflows ?? [],
          isGithubHost,
          config.productionEnvironments ?? SYNC_CONFIG.productionEnvironments,
        ),
        signal,
      );
    return { store, db: store.db, logger, state, run };
  }

  it.each(databases.eachSupportedId())(
    'first sync stores deployments, runs, merged pull requests with their commits and paths, and incidents; %p',
    async databaseId => {
      seedService(github);
      const { db, state, run } = await setup(databaseId);

      const summary = await run([entity('svc', 'acme/svc')]);

      expect(summary.failed).toEqual([]);
      const deployments = await db('delivery_deployments').orderBy(
        'external_id',
      );
      expect(
        deployments.map(d => [d.source, d.external_id, d.status, d.sha]),
      ).toEqual([
        ['github', '101', 'success', sha('merge-1')],
        ['github', '102', 'failure', sha('b')],
      ]);
      expect(Number(deployments[0].finished_at)).toBe(NOW - 10 * DAY + 300_000);
      const pulls = await db('delivery_pull_requests');
      expect(pulls.map(p => p.number)).toEqual([1]);
      const commits = await db('delivery_commits').orderBy('authored_at');
      expect(commits.map(c => [c.sha, c.pull_request_number])).toEqual([
        [sha('c1'), 1],
        [sha('c2'), 1],
      ]);
      const changes = await db('delivery_changes');
      expect(changes).toHaveLength(1);
      // the first commit, which a pull_request webhook does not carry
      expect(Number(changes[0].first_commit_at)).toBe(NOW - 12 * DAY);
      const paths = await db('delivery_change_paths')
        .where('change_id', changes[0].id)
        .orderBy('path');
      expect(paths.map(p => p.path)).toEqual(['src/a.ts', 'src/b.ts']);
      const runs = await db('delivery_pipeline_runs').orderBy('external_id');
      expect(
        runs.map(r => [r.external_id, r.workflow, r.actor, r.attempt]),
      ).toEqual([
        ['500', 'CI', 'octocat', 1],
        ['501', 'CI', 'octocat', 1],
        ['502', 'CI', 'octocat', 1],
      ]);
      const incidents = await db('delivery_incidents');
      expect(incidents.map(i => [i.external_id, i.root_cause_sha])).toEqual([
        ['acme/svc#7', sha('b')],
      ]);
      expect(Number(incidents[0].resolved_at)).toBe(NOW - 4 * DAY + 2 * HOUR);

      const cursors = await state.cursorsOf(['acme/svc']);
      expect(cursors).toHaveLength(4);
      for (const cursor of cursors) {
        expect(cursor).toMatchObject({
          backfillComplete: true,
          lastError: undefined,
        });
        expect(cursor.lastSyncedAt).toBeGreaterThan(0);
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'an incremental sync reads only what changed, and a sync without changes costs no counted request; %p',
    async databaseId => {
      seedService(github);
      const { db, run } = await setup(databaseId);
      const entities = [entity('svc', 'acme/svc')];
      await run(entities);

      const svc = github.repository('acme/svc');
      // a commit pushed straight to the branch after pull request 1, deployed
      svc.addCommit({ sha: sha('merge-1'), at: NOW - 10 * DAY - HOUR });
      svc.addCommit({ sha: sha('c'), at: NOW - 2 * HOUR });
      svc.addDeployment({
        id: 103,
        sha: sha('c'),
        at: NOW - HOUR,
        statuses: [{ state: 'success', at: NOW - HOUR + 60_000 }],
      });
      svc.addRun({ id: 600, sha: sha('c'), at: NOW - HOUR });
      // an older run re-run: it keeps its place in the list
      Object.assign(
        svc.runs.find(r => r.id === 502),
        {
          run_attempt: 2,
          conclusion: 'failure',
          updated_at: new Date(NOW).toISOString(),
        },
      );
      github.clearLog();
      await run(entities);

      expect(github.log).toEqual([
        { path: expect.stringMatching(/\/deployments\?/), status: 200 },
        {
          path: expect.stringMatching(/deployments\/103\/statuses/),
          status: 200,
        },
        {
          path: expect.stringMatching(/deployments\/102\/statuses/),
          status: 200,
        },
        { path: expect.stringMatching(/actions\/runs/), status: 200 },
        { path: expect.stringMatching(/\/pulls\?/), status: 304 },
        { path: expect.stringMatching(/\/issues\?/), status: 304 },
        // its sha is no known change: what it ships since deployment 101
        {
          path: expect.stringContaining(
            `/compare/${sha('merge-1')}...${sha('c')}?`,
          ),
          status: 200,
        },
      ]);
      expect(
        await db('delivery_deployments')
          .where('external_id', '103')
          .first('status', 'head_at'),
      ).toEqual({ status: 'success', head_at: expect.anything() });
      expect(
        await db('delivery_changes').where('change_key', `commit:${sha('c')}`),
      ).toHaveLength(1);
      expect(await db('delivery_pipeline_runs')).toHaveLength(4);
      expect(
        await db('delivery_pipeline_runs')
          .where('external_id', '502')
          .first('attempt', 'conclusion'),
      ).toEqual({ attempt: 2, conclusion: 'failure' });

      github.clearLog();
      await run(entities);
      expect(github.counted).toBe(0);
      expect(github.notModified).toBe(4);
    },
  );

  it.each(databases.eachSupportedId())(
    'pages through 1,050 workflow runs, then syncs them again with one 304; %p',
    async databaseId => {
      seedRuns(github, 'acme/big', 1050);
      const { db, state, run } = await setup(databaseId);
      const entities = [entity('big', 'acme/big')];

      await run(entities);

      expect(await db('delivery_pipeline_runs')).toHaveLength(1050);
      const runPages = github.log.filter(r => r.path.includes('actions/runs'));
      expect(runPages).toHaveLength(11);
      const cursor = await state.cursor(
        'github.com',
        'acme/big',
        'workflowRuns',
      );
      expect(cursor).toMatchObject({
        backfillComplete: true,
        backfillPagesTotal: 11,
      });

      github.clearLog();
      await run(entities);
      expect(github.counted).toBe(0);
    },
  );

  it.each(databases.eachSupportedId())(
    'a sync killed halfway resumes at the next page: nothing lost, nothing stored twice; %p',
    async databaseId => {
      seedRuns(github, 'acme/big', 1050);
      const { db, state, run } = await setup(databaseId);
      const entities = [entity('big', 'acme/big')];
      const controller = new AbortController();
      github.fault = path => {
        if (path.includes('actions/runs') && path.includes('page=5')) {
          controller.abort();
        }
        return undefined;
      };

      await expect(run(entities, controller.signal)).rejects.toThrow();

      expect(await db('delivery_pipeline_runs')).toHaveLength(500);
      expect(
        await state.cursor('github.com', 'acme/big', 'workflowRuns'),
      ).toMatchObject({ backfillPage: 6, backfillComplete: false });

      github.fault = undefined;
      github.clearLog();
      await run(entities);

      const pages = github.log
        .filter(r => r.path.includes('actions/runs'))
        .map(r => [
          Number(new URL(r.path, 'http://x').searchParams.get('page')),
          r.status,
        ]);
      // the head pass finds the first page unchanged; the backfill goes on at page 6
      expect(pages).toEqual([
        [1, 304],
        [6, 200],
        [7, 200],
        [8, 200],
        [9, 200],
        [10, 200],
        [11, 200],
      ]);
      const rows = await db('delivery_pipeline_runs').select('external_id');
      expect(rows).toHaveLength(1050);
      expect(new Set(rows.map(r => r.external_id)).size).toBe(1050);
    },
  );

  it.each(databases.eachSupportedId())(
    'waits as a 403 secondary rate limit asks (Retry-After) and goes on; %p',
    async databaseId => {
      seedService(github);
      const { db, logger, run } = await setup(databaseId);
      github.fault = (path, attempt) =>
        path.startsWith('/repos/acme/svc/deployments?') && attempt === 1
          ? HttpResponse.json(
              {
                message:
                  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
              },
              { status: 403, headers: { 'retry-after': '30' } },
            )
          : undefined;

      const started = Date.now();
      const summary = await run([entity('svc', 'acme/svc')]);

      expect(summary.failed).toEqual([]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(30);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('secondary rate limit on github.com'),
      );
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('retrying in 30 s'),
      );
      expect(github.log.slice(0, 2).map(r => r.status)).toEqual([403, 200]);
      expect(await db('delivery_deployments')).toHaveLength(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'waits as a 429 secondary rate limit asks (Retry-After) and goes on; %p',
    async databaseId => {
      seedService(github);
      const { db, logger, run } = await setup(databaseId);
      github.fault = (path, attempt) =>
        path.startsWith('/repos/acme/svc/actions/runs?') && attempt <= 2
          ? HttpResponse.json(
              { message: 'You have exceeded a secondary rate limit.' },
              { status: 429, headers: { 'retry-after': '20' } },
            )
          : undefined;

      const summary = await run([entity('svc', 'acme/svc')]);

      expect(summary.failed).toEqual([]);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /^GitHub secondary rate limit on github.com for .*actions\/runs.*: retrying in 20 s$/,
        ),
      );
      expect(
        github.log
          .filter(r => r.path.includes('actions/runs'))
          .map(r => r.status),
      ).toEqual([429, 429, 200]);
      expect(await db('delivery_pipeline_runs')).toHaveLength(3);
    },
  );

  it.each(databases.eachSupportedId())(
    'an exhausted rate limit that resets later than the sync waits is recorded, with its reset time; %p',
    async databaseId => {
      seedService(github);
      const { state, run } = await setup(databaseId);
      const reset = Math.floor(NOW / 1000) + 3600;
      github.fault = () =>
        HttpResponse.json(
          { message: 'API rate limit exceeded for user.' },
          {
            status: 403,
            headers: {
              'x-ratelimit-remaining': '0',
              'x-ratelimit-limit': '5000',
              'x-ratelimit-reset': String(reset),
            },
          },
        );

      const summary = await run([entity('svc', 'acme/svc')]);

      expect(summary.failed[0].error).toBe(
        `GitHub's rate limit for github.com is exhausted (403 on GET /repos/acme/svc/deployments); it resets at ${new Date(
          reset * 1000,
        ).toISOString()}`,
      );
      expect(await state.rateLimits()).toEqual([
        expect.objectContaining({
          host: 'github.com',
          remaining: 0,
          limit: 5000,
        }),
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'rides out a storm of 5xx answers by retrying, and records a repository whose errors persist; %p',
    async databaseId => {
      seedService(github);
      github.repository('acme/other').addRun({ id: 1, sha: sha('x'), at: NOW });
      const { db, state, run } = await setup(databaseId);
      github.fault = (path, attempt) => {
        if (path.startsWith('/repos/acme/other/')) {
          return HttpResponse.json(
            { message: 'Server Error' },
            { status: 503 },
          );
        }
        return attempt <= 2
          ? HttpResponse.json({ message: 'Bad Gateway' }, { status: 502 })
          : undefined;
      };

      const summary = await run([
        entity('svc', 'acme/svc'),
        entity('other', 'acme/other'),
      ]);

      expect(summary.failed).toEqual([
        {
          repository: 'acme/other',
          error: expect.stringMatching(
            /^GitHub answered 503 to GET \/repos\/acme\/other\/deployments \(after retries\)/,
          ),
        },
      ]);
      expect(await db('delivery_deployments')).toHaveLength(2);
      expect(await db('delivery_pipeline_runs')).toHaveLength(3);
      expect(await db('delivery_incidents')).toHaveLength(1);
      const svcRequests = github.log.filter(r =>
        r.path.startsWith('/repos/acme/svc/'),
      );
      expect(svcRequests.filter(r => r.status === 502).length).toBe(
        2 * svcRequests.filter(r => r.status === 200).length,
      );
      const other = await state.cursorsOf(['acme/other']);
      expect(other.every(c => c.lastError?.includes('503'))).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'a repository the token cannot read fails with a clear reason and the others sync; %p',
    async databaseId => {
      seedService(github);
      github
        .repository('acme/secret')
        .addRun({ id: 1, sha: sha('s'), at: NOW });
      github.denied.add('acme/secret');
      const { db, state, run, logger } = await setup(databaseId);

      const summary = await run([
        entity('secret', 'acme/secret'),
        entity('svc', 'acme/svc'),
      ]);

      const reason =
        'GitHub answered 404 to GET /repos/acme/secret/deployments: the credentials for github.com cannot read acme/secret, or it does not exist';
      expect(summary.failed).toEqual([
        { repository: 'acme/secret', error: reason },
      ]);
      const [deployments] = await state.cursorsOf(['acme/secret']);
      expect(deployments).toMatchObject({
        resource: 'deployments',
        lastError: reason,
      });
      expect(await db('delivery_deployments')).toHaveLength(2);
      const logged = JSON.stringify([
        logger.warn.mock.calls,
        logger.info.mock.calls,
        await state.cursorsOf(['acme/secret', 'acme/svc']),
      ]);
      expect(logged).not.toContain(TOKEN);
    },
  );

  it.each(databases.eachSupportedId())(
    'a production deployment of a sha that is no known change ships the commits the compare API lists since the previous one, compared once; %p',
    async databaseId => {
      const repo = github.repository('acme/direct');
      const t0 = NOW - 10 * DAY;
      repo.addCommit({ sha: sha('base'), at: t0 });
      // pull request 1: its commit, then its merge commit on the branch
      repo.addPull({
        number: 1,
        mergedAt: t0 + 2 * HOUR,
        commits: [{ sha: sha('pr1-a'), at: t0 + HOUR }],
        files: ['a.ts'],
      });
      repo.addCommit({ sha: sha('pr1-a'), at: t0 + HOUR });
      repo.addCommit({
        sha: sha('merge-1'),
        at: t0 + 2 * HOUR,
        merge: true,
        message: 'Merge pull request #1 from acme/feature-1',
      });
      // pushed straight to the branch: the sync reads no pushes
      repo.addCommit({ sha: sha('direct-1'), at: t0 + 3 * HOUR });
      repo.addCommit({ sha: sha('direct-2'), at: t0 + 4 * HOUR });
      const deploy = (
        id: number,
        label: string,
        at: number,
        state = 'success',
        environment = 'production',
      ) =>
        repo.addDeployment({
          id,
          sha: sha(label),
          environment,
          at,
          statuses: [{ state, at: at + 300_000 }],
        });
      deploy(1, 'base', t0 + 600_000);
      deploy(2, 'direct-1', t0 + 3 * HOUR + 600_000, 'failure');
      deploy(3, 'direct-1', t0 + 3 * HOUR + 900_000, 'success', 'staging');
      deploy(4, 'direct-2', t0 + 5 * HOUR);
      // from a fork: GitHub cannot compare it (404)
      deploy(5, 'elsewhere', t0 + 6 * HOUR);
      const { db, run, logger } = await setup(databaseId);
      const entities = [entity('direct', 'acme/direct')];

      expect((await run(entities)).failed).toEqual([]);
      const compares = () =>
        github.log.filter(r => r.path.includes('/compare/')).map(r => r.path);
      // the first deployment has no lower bound; staging and failures ship nothing
      expect(compares()).toEqual([
        `/repos/acme/direct/compare/${sha('direct-2')}...${sha(
          'elsewhere',
        )}?per_page=100&page=1`,
        `/repos/acme/direct/compare/${sha('base')}...${sha(
          'direct-2',
        )}?per_page=100&page=1`,
      ]);
      expect(logger.info).toHaveBeenCalledWith(
        expect.stringMatching(
          `cannot compare the deployed ${sha(
            'elsewhere',
          )} with the previous deployment's ${sha(
            'direct-2',
          )}, so what it ships stays unknown: GitHub answered 404`,
        ),
      );
      const changes = await db('delivery_changes')
        .select('change_key', 'head_sha', 'landed_at')
        .orderBy('change_key');
      expect(
        changes.map(c => [c.change_key, c.head_sha, Number(c.landed_at)]),
      ).toEqual([
        // landed by the failed deployment of it, at the latest
        [`commit:${sha('direct-1')}`, sha('direct-1'), t0 + 3 * HOUR + 600_000],
        [`commit:${sha('direct-2')}`, sha('direct-2'), t0 + 5 * HOUR],
        // the pull request's commit and merge commit stay its change
        ['pr:1', sha('merge-1'), t0 + 2 * HOUR],
      ]);
      const heads = await db('delivery_deployments')
        .select('external_id', 'head_at')
        .orderBy('external_id');
      expect(
        heads.map(d => [d.external_id, d.head_at && Number(d.head_at)]),
      ).toEqual([
        ['1', null],
        ['2', t0 + 3 * HOUR + 600_000],
        ['3', t0 + 3 * HOUR + 600_000],
        ['4', t0 + 5 * HOUR],
        ['5', null],
      ]);

      // its sha is a change now, the other one cannot be compared: neither is asked again
      github.clearLog();
      await run(entities);
      expect(compares()).toEqual([]);
      expect(github.counted).toBe(0);
    },
  );

  it.each(databases.eachSupportedId())(
    'jobs matching a job rule (annotation or global) are deployments, read once per changed run; %p',
    async databaseId => {
      const repo = github.repository('acme/jobs');
      repo.addRun({
        id: 1,
        name: 'CI',
        sha: sha('j1'),
        at: NOW - DAY,
      });
      repo.addJob(1, { id: 11, name: 'build', at: NOW - DAY });
      repo.addJob(1, {
        id: 12,
        name: 'deploy-prod (eu)',
        at: NOW - DAY + 60_000,
      });
      repo.addJob(1, {
        id: 13,
        name: 'deploy-staging',
        at: NOW - DAY + 60_000,
        conclusion: 'failure',
      });
      repo.addJob(1, {
        id: 14,
        name: 'deploy-prod (us)',
        at: NOW - DAY + 60_000,
        conclusion: 'skipped',
      });
      // a re-run's second attempt, still deploying
      const rerun = repo.addRun({
        id: 2,
        name: 'CI',
        sha: sha('j2'),
        at: NOW - HOUR,
        attempt: 2,
        status: 'in_progress',
      });
      repo.addJob(2, {
        id: 21,
        name: 'deploy-prod (eu)',
        at: NOW - HOUR,
        attempt: 2,
        status: 'in_progress',
      });
      repo.addRun({ id: 3, name: 'Lint', sha: sha('j2'), at: NOW - 2 * HOUR });
      const { db, run } = await setup(databaseId, {
        deploymentWorkflows: [
          { workflow: 'ci', job: 'deploy-staging', environment: 'staging' },
        ],
      });
      const deployer = entity('jobs', 'acme/jobs', {
        'launchpad.dev/deployment-workflows': 'CI / deploy-prod*=production',
      });
      const deployments = async () =>
        (await db('delivery_deployments').orderBy('external_id')).map(d => [
          d.source,
          d.external_id,
          d.environment,
          d.status,
          d.sha,
          d.workflow,
        ]);

      await run([deployer]);
      expect(await deployments()).toEqual([
        ['github-actions', 'job-12', 'production', 'success', sha('j1'), 'CI'],
        ['github-actions', 'job-13', 'staging', 'failure', sha('j1'), 'CI'],
        [
          'github-actions',
          'job-21',
          'production',
          'in_progress',
          sha('j2'),
          'CI',
        ],
      ]);
      // the runs themselves are no deployments, all three are pipeline runs
      expect(await db('delivery_pipeline_runs')).toHaveLength(3);
      const jobRequests = () =>
        github.log.filter(r => r.path.includes('/attempts/')).map(r => r.path);
      // only the runs of CI, the workflow a job rule names
      expect(jobRequests()).toEqual([
        '/repos/acme/jobs/actions/runs/2/attempts/2/jobs?per_page=100&page=1',
        '/repos/acme/jobs/actions/runs/1/attempts/1/jobs?per_page=100&page=1',
      ]);

      github.clearLog();
      await run([deployer]);
      expect(jobRequests()).toEqual([]);
      expect(github.counted).toBe(0);

      // the re-run finishes: its run changes, its jobs are read again
      Object.assign(rerun, {
        status: 'completed',
        conclusion: 'success',
        updated_at: new Date(NOW - HOUR / 2).toISOString(),
      });
      Object.assign(repo.jobs.get('2/2')![0], {
        status: 'completed',
        conclusion: 'success',
        completed_at: new Date(NOW - HOUR / 2).toISOString(),
      });
      github.clearLog();
      await run([deployer]);
      expect(jobRequests()).toEqual([
        '/repos/acme/jobs/actions/runs/2/attempts/2/jobs?per_page=100&page=1',
      ]);
      expect((await deployments())[2]).toEqual([
        'github-actions',
        'job-21',
        'production',
        'success',
        sha('j2'),
        'CI',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'workflow runs matching an entity annotation are deployments to its environment; %p',
    async databaseId => {
      const repo = github.repository('acme/deployer');
      repo.addRun({
        id: 1,
        name: 'Deploy prod',
        sha: sha('d1'),
        at: NOW - DAY,
      });
      repo.addRun({
        id: 2,
        name: 'Deploy prod',
        sha: sha('d2'),
        at: NOW - HOUR,
        conclusion: 'failure',
      });
      repo.addRun({ id: 3, name: 'CI', sha: sha('d2'), at: NOW - 2 * HOUR });
      const { db, run } = await setup(databaseId);

      await run([
        entity('deployer', 'acme/deployer', {
          'launchpad.dev/deployment-workflows': 'deploy*=production',
        }),
      ]);

      const deployments = await db('delivery_deployments').orderBy(
        'external_id',
      );
      expect(
        deployments.map(d => [
          d.source,
          d.external_id,
          d.environment,
          d.status,
          d.sha,
        ]),
      ).toEqual([
        ['github-actions', '1-1', 'production', 'success', sha('d1')],
        ['github-actions', '2-1', 'production', 'failure', sha('d2')],
      ]);
      expect(await db('delivery_pipeline_runs')).toHaveLength(3);
    },
  );

  it.each(databases.eachSupportedId())(
    "a pull request's webhook and its sync give the same change whichever arrives first; %p",
    async databaseId => {
      seedService(github);
      const [pull] = github.repository('acme/svc').pulls;
      // what the webhook route stores for a merged pull request: no commits
      const webhook = async (store: TestStore) => {
        const n = normalise(
          'pull_request',
          {
            action: 'closed',
            repository: { full_name: 'acme/svc' },
            pull_request: { ...pull.body, merged: true },
          },
          { incidentLabel: 'incident' },
        ) as DeliveryKind;
        await storeEvents(
          store,
          n.kind,
          validateItems(n.events, parserOf(n.kind)),
        );
      };
      const changesOf = (store: TestStore) =>
        store
          .db('delivery_changes')
          .select('change_key', 'head_sha', 'landed_at', 'first_commit_at')
          .orderBy('change_key');
      const entities = [entity('svc', 'acme/svc')];

      const webhookFirst = await setup(databaseId);
      await webhook(webhookFirst.store);
      await webhookFirst.run(entities);
      const syncFirst = await setup(databaseId);
      await syncFirst.run(entities);
      await webhook(syncFirst.store);

      const expected = await changesOf(syncFirst.store);
      expect(expected).toHaveLength(1);
      expect(Number(expected[0].first_commit_at)).toBe(NOW - 12 * DAY);
      expect(await changesOf(webhookFirst.store)).toEqual(expected);
    },
  );

  it.each(databases.eachSupportedId())(
    'syncs a GitHub Enterprise repository through its integration apiBaseUrl, the host taken from the source location; %p',
    async databaseId => {
      const enterprise = new FakeGithub('https://ghe.example.com/api/v3');
      server.use(...enterprise.handlers);
      enterprise
        .repository('platform/api')
        .addRun({ id: 9, sha: sha('ghe'), at: NOW - HOUR });
      const store = await createTestStore(databases, databaseId);
      const rootConfig = new ConfigReader({
        integrations: {
          github: [
            { host: 'github.com', token: 'not-this-one' },
            {
              host: 'ghe.example.com',
              apiBaseUrl: 'https://ghe.example.com/api/v3',
              token: TOKEN,
            },
          ],
        },
      });
      const { sync, isGithubHost } = createGithubSync({
        rootConfig,
        store,
        state: new SyncStateStore(store.db),
        logger: mockServices.logger.mock(),
        config: SYNC_CONFIG,
        clientOptions: { retryAfterBaseMs: 1 },
      });

      const summary = await sync.run(
        targetsOf(
          [
            entity('api', 'platform/api', {
              'backstage.io/source-location':
                'url:https://ghe.example.com/platform/api/tree/main/',
            }),
          ],
          [],
          isGithubHost,
        ),
      );

      expect(summary.failed).toEqual([]);
      expect(github.log).toEqual([]);
      expect(enterprise.counted).toBe(4);
      expect(
        await store.db('delivery_pipeline_runs').select('repository'),
      ).toEqual([{ repository: 'platform/api' }]);
      expect(
        await new SyncStateStore(store.db).cursorsOf(['platform/api']),
      ).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ host: 'ghe.example.com' }),
        ]),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    "with a GitHub App, syncs with each owner's installation token, fetched once, and names an owner without installation; %p",
    async databaseId => {
      seedService(github);
      github.repository('elsewhere/lib');
      github.app = {
        installations: [{ id: 7, owner: 'acme' }],
        token: 'ghs_installation_token',
      };
      github.tokens.clear();
      github.tokens.add('ghs_installation_token');
      const { privateKey } = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      });
      const store = await createTestStore(databases, databaseId);
      const { sync, isGithubHost } = createGithubSync({
        rootConfig: new ConfigReader({
          integrations: {
            github: [
              {
                host: 'github.com',
                apps: [
                  {
                    appId: 1,
                    privateKey,
                    webhookSecret: 'unused',
                    clientId: 'unused',
                    clientSecret: 'unused',
                  },
                ],
              },
            ],
          },
        }),
        store,
        state: new SyncStateStore(store.db),
        logger: mockServices.logger.mock(),
        config: SYNC_CONFIG,
        clientOptions: { retryAfterBaseMs: 1 },
      });

      const summary = await sync.run(
        targetsOf(
          [entity('svc', 'acme/svc'), entity('lib', 'elsewhere/lib')],
          [],
          isGithubHost,
        ),
      );

      expect(summary.failed).toEqual([
        {
          repository: 'elsewhere/lib',
          error:
            'GitHub answered 401 to GET /repos/elsewhere/lib/deployments, sent without credentials: no token or GitHub App installation of integrations.github for github.com covers elsewhere/lib',
        },
      ]);
      expect(await store.db('delivery_deployments')).toHaveLength(2);
      expect(
        github.log.filter(r => r.path.endsWith('/access_tokens')),
      ).toHaveLength(1);
      // every request for acme/svc carries the installation's token
      expect(
        github.log.filter(
          r => r.path.startsWith('/repos/acme/') && r.status !== 200,
        ),
      ).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves the remaining repositories of a host for the next run once its budget is below minRateLimitRemaining; %p',
    async databaseId => {
      seedService(github);
      github.repository('acme/other').addRun({ id: 1, sha: sha('o'), at: NOW });
      const { state, run } = await setup(databaseId, {
        concurrency: 1,
        minRateLimitRemaining: 4995,
      });
      const entities = [
        entity('svc', 'acme/svc'),
        entity('other', 'acme/other'),
      ];

      const summary = await run(entities);

      // acme/svc's eight requests leave less than 4995 of the 5000
      expect(summary).toMatchObject({ failed: [], deferred: ['acme/other'] });
      expect(await state.cursorsOf(['acme/other'])).toEqual([]);
      expect(
        github.log.some(r => r.path.startsWith('/repos/acme/other/')),
      ).toBe(false);
      const [budget] = await state.rateLimits();
      expect(budget.remaining).toBeLessThan(4995);
    },
  );
});
