import {
  createTestDatabases,
  createTestStore,
  TestStore,
} from '../__testUtils__/databases';
import { SCOPE, T0, HOUR, at, fixtures, sha } from '../__testUtils__/fixtures';
import { changeEventSchema, deploymentEventSchema } from '../service/schemas';

jest.setTimeout(60_000);

/** Each deployment's stored head: the landing time (in hours) of the change at its sha. */
async function heads(store: TestStore) {
  const rows = await store
    .db('delivery_deployments')
    .select('external_id', 'head_at')
    .orderBy('external_id');
  return Object.fromEntries(
    rows.map(r => [
      r.external_id,
      r.head_at === null ? null : (Number(r.head_at) - T0) / HOUR,
    ]),
  );
}

describe("deployments' heads", () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'are the landing time of the change at the sha, whichever arrives first, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.pr(1, { firstCommit: 0, merged: 1, sha: 'm1' });
      await f.deploy('d1', { sha: 'm1', at: 2 });
      await f.deploy('d2', { sha: 'm2', at: 3 });
      await f.deploy('d3', { sha: 'm2', at: 4, environment: 'staging' });
      expect(await heads(store)).toEqual({ d1: 1, d2: null, d3: null });
      await f.pr(2, { firstCommit: 0, merged: 2.5, sha: 'm2' });
      expect(await heads(store)).toEqual({ d1: 1, d2: 2.5, d3: 2.5 });
    },
  );

  it.each(databases.eachSupportedId())(
    'follow a change that moves to another sha or goes away, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      // a commit pushed without a pull request is its own change
      await store.storeChanges([
        changeEventSchema.parse({
          type: 'commit',
          repository: SCOPE.repository,
          sha: sha('c1'),
          authoredAt: at(0),
          pushedAt: at(1),
        }),
      ]);
      await f.pr(1, { firstCommit: 0, merged: 2, sha: 'm1' });
      await f.deploy('d1', { sha: 'c1', at: 3 });
      await f.deploy('d2', { sha: 'm1', at: 3 });
      await f.deploy('d3', { sha: 'm2', at: 3 });
      expect(await heads(store)).toEqual({ d1: 1, d2: 2, d3: null });
      // the pull request's merge commit is corrected
      await f.pr(1, { firstCommit: 0, merged: 2, sha: 'm2' });
      expect(await heads(store)).toEqual({ d1: 1, d2: null, d3: 2 });
      // the pushed commit turns out to belong to a pull request
      await store.storeChanges([
        changeEventSchema.parse({
          type: 'commit',
          repository: SCOPE.repository,
          sha: sha('c1'),
          authoredAt: at(0),
          pullRequestNumber: 1,
        }),
      ]);
      expect(await heads(store)).toEqual({ d1: null, d2: null, d3: 2 });
    },
  );

  it.each(databases.eachSupportedId())(
    'follow a deployment whose sha is corrected, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.pr(1, { firstCommit: 0, merged: 1, sha: 'm1' });
      await f.pr(2, { firstCommit: 0, merged: 2, sha: 'm2' });
      await f.deploy('d1', { sha: 'm1', at: 3 });
      await f.deploy('d1', { sha: 'm2', at: 3 });
      expect(await heads(store)).toEqual({ d1: 2 });
    },
  );

  it.each(databases.eachSupportedId())(
    'stay with the stored sha when a stale event names another, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.pr(1, { firstCommit: 0, merged: 1, sha: 'm1' });
      await f.pr(2, { firstCommit: 0, merged: 2, sha: 'm2' });
      await f.deploy('d1', { sha: 'm1', at: 3 });
      // a late in-progress event of another sha only fills empty fields
      await f.deploy('d1', { sha: 'm2', at: 2.5, status: 'in_progress' });
      // the same two, the other way round
      await f.deploy('d2', { sha: 'm2', at: 2.5, status: 'in_progress' });
      await f.deploy('d2', { sha: 'm1', at: 3 });
      expect(await heads(store)).toEqual({ d1: 1, d2: 1 });
    },
  );

  it.each(databases.eachSupportedId())(
    'of one batch follow the last event of each deployment, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const f = fixtures(store);
      await f.pr(1, { firstCommit: 0, merged: 1, sha: 'm1' });
      await f.pr(2, { firstCommit: 0, merged: 2, sha: 'm2' });
      const event = (externalId: string, label: string, hours: number) =>
        deploymentEventSchema.parse({
          externalId,
          repository: SCOPE.repository,
          environment: 'production',
          sha: sha(label),
          status: 'success',
          finishedAt: at(hours),
        });
      await store.storeDeployments([
        event('d1', 'm1', 3),
        event('d2', 'm3', 3),
        event('d1', 'm2', 4),
        event('d3', 'm1', 3),
      ]);
      expect(await heads(store)).toEqual({ d1: 2, d2: null, d3: 1 });
    },
  );
});
