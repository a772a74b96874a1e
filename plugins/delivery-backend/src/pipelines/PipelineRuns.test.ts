import {
  createTestDatabases,
  createTestStore,
  TestStore,
} from '../__testUtils__/databases';
import { HOUR, SCOPE, T0, at, sha } from '../__testUtils__/fixtures';
import { pipelineRunEventSchema } from '../service/schemas';
import { PipelineRuns, RunsFilter } from './PipelineRuns';

jest.setTimeout(60_000);

type RunInput = Record<string, unknown>;

const run = (o: RunInput) =>
  pipelineRunEventSchema.parse({
    externalId: 'run-1',
    repository: SCOPE.repository,
    workflow: 'ci',
    ...o,
  });

/** A completed run of `hours` after T0 lasting `minutes`. */
const completed = (
  externalId: string,
  hours: number,
  conclusion: string,
  { minutes = 10, ...o }: RunInput & { minutes?: number } = {},
) =>
  run({
    externalId,
    status: 'completed',
    conclusion,
    startedAt: at(hours),
    finishedAt: at(hours + minutes / 60),
    sha: sha(`c${hours}`),
    branch: 'main',
    ...o,
  });

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map(rest => [
      item,
      ...rest,
    ]),
  );
}

/** Stored rows without surrogate ids, keys and write times. */
async function storedRuns(store: TestStore) {
  const rows = await store
    .db('delivery_pipeline_runs')
    .select()
    .orderBy('external_id');
  return rows.map(
    ({ id, updated_at, external_id, ...rest }: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(rest).map(([c, v]) => [
          c,
          v === null ? null : String(v),
        ]),
      ),
  );
}

const window = { scopes: [SCOPE], from: T0, to: T0 + 100 * HOUR };

describe('pipeline runs', () => {
  const databases = createTestDatabases();

  describe('storing', () => {
    it.each(databases.eachSupportedId())(
      'stores a run sent twice once; a re-run becomes its latest attempt, %p',
      async id => {
        const store = await createTestStore(databases, id);
        const failed = completed('run-1', 1, 'failure', {
          actor: 'ana',
          attempt: 1,
        });
        expect(await store.storePipelineRuns([failed, failed])).toEqual([
          { status: 'stored' },
          { status: 'unchanged' },
        ]);
        expect(
          await store.storePipelineRuns([
            run({ status: 'queued', attempt: 2, actor: 'bo' }),
          ]),
        ).toEqual([{ status: 'updated' }]);
        const [requeued] = await storedRuns(store);
        expect(requeued).toMatchObject({
          attempt: '2',
          status: 'queued',
          conclusion: null,
          started_at: null,
          finished_at: null,
          actor: 'bo',
          earlier_attempt_failed: '1',
          // the run's own fields stay
          branch: 'main',
          sha: sha('c1'),
        });
        await store.storePipelineRuns([
          completed('run-1', 2, 'success', { attempt: 2, sha: sha('c1') }),
        ]);
        // a late event of the first attempt changes nothing
        expect(await store.storePipelineRuns([failed])).toEqual([
          {
            status: 'ignored',
            reason: 'an earlier attempt than the stored one',
          },
        ]);
        // nor does a late status of the stored attempt
        expect(
          await store.storePipelineRuns([
            run({ status: 'in_progress', attempt: 2, startedAt: at(2) }),
          ]),
        ).toEqual([
          { status: 'ignored', reason: 'older than the stored status' },
        ]);
        const rows = await storedRuns(store);
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          attempt: '2',
          status: 'completed',
          conclusion: 'success',
          earlier_attempt_failed: '1',
        });
        expect(Number(rows[0].started_at)).toBe(T0 + 2 * HOUR);
      },
    );

    it.each(databases.eachSupportedId())(
      'ends in the same row whatever order the attempts arrive in, %p',
      async id => {
        const store = await createTestStore(databases, id);
        const events = (externalId: string) => [
          run({ externalId, status: 'in_progress', startedAt: at(1) }),
          completed(externalId, 1, 'failure', { attempt: 1, actor: 'ana' }),
          run({ externalId, status: 'queued', attempt: 2, actor: 'bo' }),
          completed(externalId, 2, 'success', {
            attempt: 2,
            sha: sha('c1'),
            actor: 'bo',
          }),
        ];
        const orders = permutations([0, 1, 2, 3]);
        for (const [k, order] of orders.entries()) {
          const all = events(`run-${String(k).padStart(2, '0')}`);
          for (const i of order) await store.storePipelineRuns([all[i]]);
        }
        const rows = await storedRuns(store);
        expect(rows).toHaveLength(orders.length);
        for (const row of rows) expect(row).toEqual(rows[0]);
        expect(rows[0]).toMatchObject({
          attempt: '2',
          conclusion: 'success',
          actor: 'bo',
          earlier_attempt_failed: '1',
        });
      },
    );

    it.each(databases.eachSupportedId())(
      'parallel writers of the same runs store each run once, %p',
      async id => {
        const store = await createTestStore(databases, id);
        const events = Array.from({ length: 30 }, (_, k) => [
          run({ externalId: `r${k}`, status: 'in_progress', startedAt: at(k) }),
          completed(`r${k}`, k, k % 3 ? 'success' : 'failure', { attempt: 1 }),
          completed(`r${k}`, k + 1, 'success', {
            attempt: 2,
            sha: sha(`c${k}`),
          }),
        ]).flat();
        // eight writers, each with every event in its own order, in batches
        const writers = Array.from({ length: 8 }, (_, w) => {
          const shuffled = [...events].sort(
            (a, b) =>
              ((events.indexOf(a) * 7 + w * 13) % events.length) -
              ((events.indexOf(b) * 7 + w * 13) % events.length),
          );
          return (async () => {
            for (let i = 0; i < shuffled.length; i += 10) {
              await store.storePipelineRuns(shuffled.slice(i, i + 10));
            }
          })();
        });
        await Promise.all(writers);
        const rows = await storedRuns(store);
        expect(rows).toHaveLength(30);
        for (const [k, row] of rows
          .sort((a, b) => Number(a.started_at) - Number(b.started_at))
          .entries()) {
          expect(row).toMatchObject({
            attempt: '2',
            conclusion: 'success',
            earlier_attempt_failed: k % 3 ? '0' : '1',
          });
        }
      },
    );
  });

  describe('listing', () => {
    it.each(databases.eachSupportedId())(
      'pages newest first through the runs that pass the filters, %p',
      async id => {
        const store = await createTestStore(databases, id);
        await store.storePipelineRuns([
          completed('a', 1, 'success'),
          completed('b', 2, 'failure', { branch: 'feature/x' }),
          completed('c', 3, 'success', { workflow: 'deploy' }),
          run({ externalId: 'd', status: 'in_progress', startedAt: at(4) }),
          completed('e', 5, 'cancelled'),
          completed('other', 6, 'success', { repository: 'acme/other' }),
          // before the window
          completed('old', -2, 'success'),
        ]);
        const runs = new PipelineRuns(store);
        const list = (
          f: RunsFilter & { limit?: number; offset?: number } = {},
        ) => runs.list({ ...window, limit: 2, offset: 0, ...f });
        const ids = async (f: Parameters<typeof list>[0]) =>
          (await list(f)).items.map(r => r.externalId);

        const first = await list();
        expect(first).toMatchObject({ totalCount: 5, limit: 2, offset: 0 });
        expect(first.items.map(r => r.externalId)).toEqual(['e', 'd']);
        expect(await ids({ offset: 2 })).toEqual(['c', 'b']);
        expect(await ids({ offset: 4 })).toEqual(['a']);
        expect(await ids({ workflow: 'deploy' })).toEqual(['c']);
        expect(await ids({ branch: 'feature/x' })).toEqual(['b']);
        expect(await ids({ status: 'in_progress' })).toEqual(['d']);
        expect(await ids({ status: 'success', limit: 10 })).toEqual(['c', 'a']);
        expect(await ids({ status: 'queued' })).toEqual([]);
        expect(await ids({ shas: [sha('c2'), sha('c3')] })).toEqual(['c', 'b']);
        expect(
          await ids({ workflow: 'ci', status: 'success', branch: 'main' }),
        ).toEqual(['a']);
        // an entity narrowed to its workflows sees only their runs
        expect(
          (
            await runs.list({
              ...window,
              scopes: [{ ...SCOPE, workflows: ['deploy'] }],
              limit: 10,
              offset: 0,
            })
          ).items.map(r => r.externalId),
        ).toEqual(['c']);
        expect(first.items[1]).toMatchObject({
          status: 'in_progress',
          conclusion: null,
          attempt: 1,
          actor: null,
          startedAt: at(4),
        });
      },
    );
  });

  describe('summary', () => {
    it.each(databases.eachSupportedId())(
      'gives each workflow its success rate, durations and flakiness, %p',
      async id => {
        const store = await createTestStore(databases, id);
        await store.storePipelineRuns([
          // c1 fails, then passes: flaky
          completed('1', 1, 'failure', { sha: sha('c1'), minutes: 5 }),
          completed('2', 2, 'success', { sha: sha('c1'), minutes: 10 }),
          // c3 passes, then fails: a broken build, not flakiness
          completed('3', 3, 'success', { sha: sha('c3'), minutes: 20 }),
          completed('4', 4, 'failure', { sha: sha('c3'), minutes: 30 }),
          // c5 passes on its second attempt after a timeout: flaky
          completed('5', 5, 'timed_out', {
            sha: sha('c5'),
            minutes: 40,
            attempt: 1,
          }),
          completed('5', 6, 'success', {
            sha: sha('c5'),
            minutes: 50,
            attempt: 2,
          }),
          // cancelled and running runs are no verdict
          completed('7', 7, 'cancelled', { sha: sha('c7'), minutes: 1 }),
          run({ externalId: '8', status: 'in_progress', startedAt: at(8) }),
          completed('9', 9, 'success', { workflow: 'deploy', minutes: 3 }),
        ]);
        const summary = await new PipelineRuns(store).summary(window);
        expect(summary.map(s => s.workflow)).toEqual(['ci', 'deploy']);
        const [ci, deploy] = summary;
        expect(ci).toEqual({
          workflow: 'ci',
          // run 5 counts once, with its latest attempt
          runs: 7,
          decided: 5,
          succeeded: 3,
          successRate: 0.6,
          // 1, 5, 10, 20, 30 and 50 minutes
          durationMedian: 15 * 60,
          durationP90: 40 * 60,
          durationSampleSize: 6,
          commits: 3,
          flakyCommits: 2,
          flakiness: 2 / 3,
          lastRunAt: at(8),
        });
        expect(deploy).toMatchObject({
          runs: 1,
          successRate: 1,
          durationMedian: 180,
          commits: 1,
          flakyCommits: 0,
          flakiness: 0,
        });
        expect(
          await new PipelineRuns(store).summary({
            ...window,
            from: T0 + 50 * HOUR,
          }),
        ).toEqual([]);
      },
    );
  });
});
