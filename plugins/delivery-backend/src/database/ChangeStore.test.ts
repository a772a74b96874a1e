import webhookExamples from '@octokit/webhooks-examples';
import {
  createTestDatabases,
  createTestStore,
} from '../__testUtils__/databases';
import { SCOPE, at, sha } from '../__testUtils__/fixtures';
import { normalise } from '../github/normalise';
import { parseChangeEvent, validateItems } from '../service/validation';
import { DeliveryStore } from './DeliveryStore';

jest.setTimeout(60_000);

/** GitHub's example payload, moved to the test repository. */
function example(name: string, pick: (e: any) => boolean): any {
  const found = (webhookExamples as any[])
    .find(w => w.name === name)
    .examples.find(pick);
  const copy = JSON.parse(JSON.stringify(found));
  copy.repository.full_name = SCOPE.repository;
  return copy;
}

const rebased = [0, 1, 2].map(i => ({
  id: sha(`rebased-${i}`),
  message: `Step ${i} of the feature`,
  timestamp: at(i),
  author: { name: 'Codertocat', username: 'Codertocat' },
  added: [`src/feature/${i}.ts`],
  removed: [],
  modified: [],
}));
const MERGE_SHA = rebased[2].id;

/** The pull request merged by "Rebase and merge": its merge commit is the last rebased commit. */
function rebaseMergedPullRequest() {
  const payload = example('pull_request', e => e.action === 'closed');
  payload.pull_request.merged = true;
  payload.pull_request.merged_at = at(3);
  payload.pull_request.merge_commit_sha = MERGE_SHA;
  return payload;
}

/** The push of that merge: the rebased commits, up to the merge commit. */
function rebasePush() {
  const payload = example('push', e => e.ref === 'refs/heads/master');
  payload.commits = rebased;
  payload.head_commit = rebased[2];
  payload.after = MERGE_SHA;
  return payload;
}

async function deliver(store: DeliveryStore, event: string, payload: unknown) {
  const n = normalise(event, payload, { incidentLabel: 'incident' });
  if (n.kind !== 'changes') throw new Error(`unexpected ${n.kind}`);
  return store.storeChanges(validateItems(n.events, parseChangeEvent));
}

describe('ChangeStore', () => {
  const databases = createTestDatabases();

  it.each(
    databases.eachSupportedId().flatMap(([id]) => [
      [id, 'push first'],
      [id, 'pull request first'],
    ]),
  )(
    'a rebase merge of three commits is one change, %p, %p',
    async (id, order) => {
      const store = await createTestStore(databases, id as any);
      const pr = rebaseMergedPullRequest();
      const deliveries: Array<[string, unknown]> = [
        ['push', rebasePush()],
        ['pull_request', pr],
      ];
      if (order === 'pull request first') deliveries.reverse();
      for (const [event, payload] of deliveries) {
        await deliver(store, event, payload);
      }
      // redelivered: changes nothing
      for (const [event, payload] of deliveries) {
        expect(
          (await deliver(store, event, payload)).map(r => r.status),
        ).toEqual(
          event === 'push'
            ? ['unchanged', 'unchanged', 'unchanged']
            : ['unchanged'],
        );
      }

      const changes = await store.db('delivery_changes').select();
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({
        change_key: `pr:${pr.number}`,
        head_sha: MERGE_SHA,
      });
      expect(Number(changes[0].first_commit_at)).toBe(Date.parse(at(0)));
      const commits = await store
        .db('delivery_commits')
        .select('sha', 'pull_request_number')
        .orderBy('sha');
      expect(commits.map(c => [c.sha, Number(c.pull_request_number)])).toEqual(
        rebased.map(c => [c.id, pr.number]).sort(),
      );
      const paths = await store
        .db('delivery_change_paths')
        .select('path')
        .orderBy('path');
      expect(paths.map(p => p.path)).toEqual(
        rebased.map(c => c.added[0]).sort(),
      );
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'a push that ends at no pull request merge stays direct changes, %p',
    async id => {
      const store = await createTestStore(databases, id);
      const pr = rebaseMergedPullRequest();
      pr.pull_request.merge_commit_sha = sha('elsewhere');
      await deliver(store, 'pull_request', pr);
      await deliver(store, 'push', rebasePush());
      const keys = (await store.db('delivery_changes').select('change_key'))
        .map(c => c.change_key)
        .sort();
      expect(keys).toEqual(
        [`pr:${pr.number}`, ...rebased.map(c => `commit:${c.id}`)].sort(),
      );
      await store.db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'a pushed commit later listed by a pull request leaves its direct change, %p',
    async id => {
      const store = await createTestStore(databases, id);
      await store.storeChanges([
        {
          type: 'commit',
          repository: SCOPE.repository,
          sha: sha('c1'),
          authoredAt: at(0),
          pushedAt: at(1),
        },
      ]);
      expect(
        await store.storeChanges([
          {
            type: 'pull_request',
            repository: SCOPE.repository,
            number: 5,
            mergedAt: at(2),
            mergeCommitSha: sha('m5'),
            commits: [{ sha: sha('c1'), authoredAt: at(0) }],
          },
        ]),
      ).toEqual([{ status: 'stored' }]);
      const changes = await store.db('delivery_changes').select('change_key');
      expect(changes).toEqual([{ change_key: 'pr:5' }]);
      expect(await store.db('delivery_change_paths').select()).toEqual([]);
      await store.db.destroy();
    },
  );
});
