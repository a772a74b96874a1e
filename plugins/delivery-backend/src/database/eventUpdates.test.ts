import {
  createTestDatabases,
  createTestStore,
  TestStore,
} from '../__testUtils__/databases';
import { SCOPE, T0, HOUR, at, sha } from '../__testUtils__/fixtures';
import {
  changeEventSchema,
  deploymentEventSchema,
  incidentEventSchema,
  pipelineRunEventSchema,
} from '../service/schemas';

jest.setTimeout(60_000);

const deployment = (o: Record<string, unknown>) =>
  deploymentEventSchema.parse({
    externalId: 'deploy-1',
    repository: SCOPE.repository,
    environment: 'production',
    sha: sha('d1'),
    ...o,
  });

const incident = (o: Record<string, unknown>) =>
  incidentEventSchema.parse({
    externalId: 'INC-1',
    entityRef: SCOPE.entityRef,
    startedAt: at(1),
    ...o,
  });

const run = (o: Record<string, unknown>) =>
  pipelineRunEventSchema.parse({
    externalId: 'run-1',
    repository: SCOPE.repository,
    workflow: 'ci',
    ...o,
  });

async function onlyRow(store: TestStore, table: string) {
  const rows = await store.db(table).select();
  expect(rows).toHaveLength(1);
  return rows[0];
}

const num = (v: unknown) => (v === null ? null : Number(v));

const TABLES = [
  'delivery_deployments',
  'delivery_incidents',
  'delivery_pipeline_runs',
  'delivery_pull_requests',
  'delivery_commits',
  'delivery_changes',
  'delivery_change_paths',
];

describe('event updates', () => {
  const databases = createTestDatabases();
  const stores = new Map<string, TestStore>();

  /** One migrated database per engine for the whole file, emptied for each test. */
  async function emptyStore(
    id: Parameters<typeof createTestStore>[1],
  ): Promise<TestStore> {
    const store = stores.get(id) ?? (await createTestStore(databases, id));
    stores.set(id, store);
    for (const table of TABLES) await store.db(table).delete();
    return store;
  }

  afterAll(async () => {
    for (const store of stores.values()) await store.db.destroy();
  });

  describe('deployments', () => {
    it.each(databases.eachSupportedId())(
      'a final status is never demoted by a later non-final one, and keeps its finish, %p',
      async id => {
        const store = await emptyStore(id);
        expect(
          await store.storeDeployments([
            deployment({
              status: 'success',
              startedAt: at(0),
              finishedAt: at(1),
              url: 'https://ci.example/success',
            }),
          ]),
        ).toEqual([{ status: 'stored' }]);
        // GitHub sends an in_progress status whose time is after the success
        expect(
          await store.storeDeployments([
            deployment({
              status: 'in_progress',
              startedAt: at(2),
              url: 'https://ci.example/running',
            }),
          ]),
        ).toEqual([
          {
            status: 'ignored',
            reason: 'a final status is never replaced by a non-final one',
          },
        ]);
        const row = await onlyRow(store, 'delivery_deployments');
        expect(row.status).toBe('success');
        expect(num(row.started_at)).toBe(T0);
        expect(num(row.finished_at)).toBe(T0 + HOUR);
        expect(row.url).toBe('https://ci.example/success');
      },
    );

    it.each(databases.eachSupportedId())(
      'takes the final status with the latest event time, whatever the arrival order, %p',
      async id => {
        const store = await emptyStore(id);
        const failure = deployment({ status: 'failure', finishedAt: at(1) });
        const success = deployment({ status: 'success', finishedAt: at(2) });
        await store.storeDeployments([success]);
        expect(await store.storeDeployments([failure])).toEqual([
          { status: 'ignored', reason: 'older than the stored status' },
        ]);
        let row = await onlyRow(store, 'delivery_deployments');
        expect([row.status, num(row.finished_at)]).toEqual([
          'success',
          T0 + 2 * HOUR,
        ]);

        await store.db('delivery_deployments').delete();
        await store.storeDeployments([failure]);
        expect(await store.storeDeployments([success])).toEqual([
          { status: 'updated' },
        ]);
        row = await onlyRow(store, 'delivery_deployments');
        expect([row.status, num(row.finished_at)]).toEqual([
          'success',
          T0 + 2 * HOUR,
        ]);
      },
    );

    it.each(databases.eachSupportedId())(
      'never uses the server clock: a status without a time only counts before any timed one, %p',
      async id => {
        const store = await emptyStore(id);
        expect(
          await store.storeDeployments([deployment({ status: 'queued' })]),
        ).toEqual([{ status: 'stored' }]);
        let row = await onlyRow(store, 'delivery_deployments');
        expect(row.status).toBe('queued');
        expect(row.started_at).toBeNull();
        expect(JSON.parse(row.status_history)).toEqual([
          { status: 'queued', at: null },
        ]);

        await store.storeDeployments([
          deployment({ status: 'in_progress', startedAt: at(1) }),
        ]);
        // an untimed in_progress never becomes the latest over a timed status
        expect(
          await store.storeDeployments([deployment({ status: 'in_progress' })]),
        ).toEqual([
          { status: 'ignored', reason: 'older than the stored status' },
        ]);
        row = await onlyRow(store, 'delivery_deployments');
        expect(row.status).toBe('in_progress');
        expect(num(row.started_at)).toBe(T0 + HOUR);
        expect(row.finished_at).toBeNull();
      },
    );

    it.each(databases.eachSupportedId())(
      'a re-sent event updates only the fields it carries, %p',
      async id => {
        const store = await emptyStore(id);
        await store.storeDeployments([
          deployment({
            status: 'in_progress',
            startedAt: at(0),
            service: 'component:default/svc',
            workflow: 'deploy',
            ref: 'main',
            rollback: true,
            url: 'https://ci.example/1',
          }),
        ]);
        // the finishing event carries neither the start nor the descriptive fields
        await store.storeDeployments([
          deployment({ status: 'success', finishedAt: at(1) }),
        ]);
        const row = await onlyRow(store, 'delivery_deployments');
        expect(row).toMatchObject({
          status: 'success',
          service: 'component:default/svc',
          workflow: 'deploy',
          ref: 'main',
          url: 'https://ci.example/1',
        });
        expect(num(row.is_rollback)).toBe(1);
        expect(num(row.started_at)).toBe(T0);
        expect(num(row.finished_at)).toBe(T0 + HOUR);
        // an explicit false is carried
        await store.storeDeployments([
          deployment({ status: 'success', finishedAt: at(1), rollback: false }),
        ]);
        expect(
          num((await onlyRow(store, 'delivery_deployments')).is_rollback),
        ).toBe(0);
        // a stale status may raise a flag (whichever came first), never clear one
        expect(
          await store.storeDeployments([
            deployment({
              status: 'in_progress',
              startedAt: at(0),
              ref: 'hotfix/checkout',
              rollback: true,
            }),
          ]),
        ).toEqual([{ status: 'updated' }]);
        await store.storeDeployments([
          deployment({ status: 'queued', rollback: false, hotfix: false }),
        ]);
        const flagged = await onlyRow(store, 'delivery_deployments');
        expect([
          num(flagged.is_rollback),
          num(flagged.is_hotfix),
          flagged.ref,
          flagged.status,
        ]).toEqual([1, 1, 'main', 'success']);
      },
    );

    it.each(databases.eachSupportedId())(
      'the same event twice is stored once and answers unchanged, also within one batch, %p',
      async id => {
        const store = await emptyStore(id);
        const event = deployment({ status: 'success', finishedAt: at(1) });
        expect(await store.storeDeployments([event, event])).toEqual([
          { status: 'stored' },
          { status: 'unchanged' },
        ]);
        const before = await onlyRow(store, 'delivery_deployments');
        expect(await store.storeDeployments([event])).toEqual([
          { status: 'unchanged' },
        ]);
        const after = await onlyRow(store, 'delivery_deployments');
        // not even rewritten
        expect(after.updated_at).toEqual(before.updated_at);
      },
    );
  });

  describe('incidents', () => {
    it.each(databases.eachSupportedId())(
      'a resolve-only update keeps notChangeRelated and the explicit link, %p',
      async id => {
        const store = await emptyStore(id);
        await store.storeIncidents([
          incident({
            title: 'Checkout down',
            severity: 'sev1',
            deployment: 'deploy-1',
            rootCauseSha: sha('bad'),
            notChangeRelated: true,
          }),
        ]);
        expect(
          await store.storeIncidents([incident({ resolvedAt: at(2) })]),
        ).toEqual([{ status: 'updated' }]);
        const row = await onlyRow(store, 'delivery_incidents');
        expect(row).toMatchObject({
          title: 'Checkout down',
          severity: 'sev1',
          deployment_external_id: 'deploy-1',
          root_cause_sha: sha('bad'),
        });
        expect(num(row.not_change_related)).toBe(1);
        expect(num(row.resolved_at)).toBe(T0 + 2 * HOUR);

        // leaving resolvedAt out keeps it; null reopens the incident
        await store.storeIncidents([incident({ title: 'Checkout slow' })]);
        expect(
          num((await onlyRow(store, 'delivery_incidents')).resolved_at),
        ).toBe(T0 + 2 * HOUR);
        await store.storeIncidents([incident({ resolvedAt: null })]);
        expect(
          (await onlyRow(store, 'delivery_incidents')).resolved_at,
        ).toBeNull();
      },
    );
  });

  describe('pipeline runs', () => {
    it.each(databases.eachSupportedId())(
      'a completed run is not reopened by a late status, %p',
      async id => {
        const store = await emptyStore(id);
        await store.storePipelineRuns([
          run({
            status: 'completed',
            conclusion: 'success',
            startedAt: at(0),
            finishedAt: at(1),
          }),
        ]);
        expect(
          await store.storePipelineRuns([
            run({ status: 'in_progress', startedAt: at(0), branch: 'main' }),
          ]),
        ).toEqual([{ status: 'updated' }]);
        const row = await onlyRow(store, 'delivery_pipeline_runs');
        expect(row).toMatchObject({
          status: 'completed',
          conclusion: 'success',
          // the late event still fills what was unknown
          branch: 'main',
        });
        expect(num(row.finished_at)).toBe(T0 + HOUR);
        expect(
          await store.storePipelineRuns([
            run({ status: 'queued', branch: 'other' }),
          ]),
        ).toEqual([
          { status: 'ignored', reason: 'older than the stored status' },
        ]);
        expect((await onlyRow(store, 'delivery_pipeline_runs')).branch).toBe(
          'main',
        );
      },
    );
  });

  describe('pull requests and commits', () => {
    it.each(databases.eachSupportedId())(
      'a re-sent pull request or commit keeps the fields it leaves out, %p',
      async id => {
        const store = await emptyStore(id);
        const pr = (o: Record<string, unknown>) =>
          changeEventSchema.parse({
            type: 'pull_request',
            repository: SCOPE.repository,
            number: 7,
            ...o,
          });
        expect(
          await store.storeChanges([
            pr({
              title: 'Add checkout',
              mergedAt: at(2),
              mergeCommitSha: sha('m7'),
              labels: ['hotfix'],
              commits: [{ sha: sha('c1'), authoredAt: at(0) }],
            }),
          ]),
        ).toEqual([{ status: 'stored' }]);
        // neither labels nor commits: both kept
        expect(await store.storeChanges([pr({ title: 'Checkout' })])).toEqual([
          { status: 'updated' },
        ]);
        expect(await store.storeChanges([pr({ title: 'Checkout' })])).toEqual([
          { status: 'unchanged' },
        ]);
        const row = await onlyRow(store, 'delivery_pull_requests');
        expect(JSON.parse(row.labels)).toEqual(['hotfix']);
        expect(num(row.merged_at)).toBe(T0 + 2 * HOUR);
        // the commit, sent again without its pull request, stays in it
        expect(
          await store.storeChanges([
            changeEventSchema.parse({
              type: 'commit',
              repository: SCOPE.repository,
              sha: sha('c1'),
              authoredAt: at(0),
              message: 'Add checkout',
            }),
          ]),
        ).toEqual([{ status: 'updated' }]);
        const commit = await onlyRow(store, 'delivery_commits');
        expect(num(commit.pull_request_number)).toBe(7);
        const change = await onlyRow(store, 'delivery_changes');
        expect(change).toMatchObject({ change_key: 'pr:7', title: 'Checkout' });
        expect(num(change.is_hotfix)).toBe(1);
        expect(num(change.first_commit_at)).toBe(T0);
      },
    );
  });
});
