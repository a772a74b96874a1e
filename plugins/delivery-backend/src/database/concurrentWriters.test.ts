import {
  createTestDatabases,
  createTestStore,
  TestStore,
} from '../__testUtils__/databases';
import { SCOPE, at, sha } from '../__testUtils__/fixtures';
import {
  ChangeEvent,
  DeploymentEvent,
  IncidentEvent,
  PipelineRunEvent,
  changeEventSchema,
  deploymentEventSchema,
  incidentEventSchema,
  pipelineRunEventSchema,
} from '../service/schemas';

jest.setTimeout(60_000);

/** Set CONCURRENCY_SEED to replay a failure, CONCURRENCY_ROUNDS for more rounds. */
const SEED = Number(process.env.CONCURRENCY_SEED ?? 20261122);
const ROUNDS = Number(process.env.CONCURRENCY_ROUNDS ?? 2);
const WRITERS = 50;

/** mulberry32: a small seeded generator, so a failing round can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: T[]) =>
  items[Math.floor(rng() * items.length)];
const maybe = <T>(rng: Rng, value: T) => (rng() < 0.5 ? value : undefined);
function shuffle<T>(rng: Rng, items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

type Write =
  | { kind: 'deployments'; event: DeploymentEvent }
  | { kind: 'incidents'; event: IncidentEvent }
  | { kind: 'pipelineRuns'; event: PipelineRunEvent }
  | { kind: 'changes'; event: ChangeEvent };

/**
 * Events of overlapping keys, in messy order. Within a key the descriptive
 * fields never contradict each other (each event carries some of them), so
 * the final state does not depend on the arrival order: only the rules for
 * statuses, times and carried fields decide it.
 */
function generateEvents(rng: Rng): Write[] {
  const writes: Write[] = [];
  for (let k = 0; k < 12; k++) {
    const base = {
      externalId: `deploy-${k}`,
      repository: SCOPE.repository,
      environment: 'production',
      sha: sha(`d${k}`),
    };
    const extras = {
      url: `https://ci.example/deploy-${k}`,
      workflow: 'deploy',
      rollback: k % 5 === 0,
    };
    const statuses = [
      { status: 'queued' },
      { status: 'in_progress', startedAt: at(k) },
      { status: 'in_progress', startedAt: at(k + 0.2) },
      { status: 'failure', startedAt: at(k), finishedAt: at(k + 0.4) },
      { status: 'success', startedAt: at(k), finishedAt: at(k + 0.5) },
      { status: 'in_progress', startedAt: at(k + 3) },
    ];
    for (const s of statuses) {
      if (rng() < 0.25) continue;
      writes.push({
        kind: 'deployments',
        event: deploymentEventSchema.parse({
          ...base,
          ...s,
          url: maybe(rng, extras.url),
          workflow: maybe(rng, extras.workflow),
          rollback: maybe(rng, extras.rollback),
        }),
      });
    }
  }
  for (let k = 0; k < 10; k++) {
    const full = {
      title: `Incident ${k}`,
      severity: 'sev2',
      resolvedAt: at(k + 2),
      deployment: `deploy-${k}`,
      notChangeRelated: k % 3 === 0,
    };
    for (let v = 0; v < 4; v++) {
      writes.push({
        kind: 'incidents',
        event: incidentEventSchema.parse({
          externalId: `INC-${k}`,
          entityRef: SCOPE.entityRef,
          startedAt: at(k + 1),
          ...Object.fromEntries(Object.entries(full).filter(() => rng() < 0.5)),
        }),
      });
    }
  }
  for (let k = 0; k < 10; k++) {
    for (const status of ['queued', 'in_progress', 'completed'] as const) {
      if (rng() < 0.2) continue;
      writes.push({
        kind: 'pipelineRuns',
        event: pipelineRunEventSchema.parse({
          externalId: `run-${k}`,
          repository: SCOPE.repository,
          workflow: 'ci',
          status,
          branch: maybe(rng, 'main'),
          sha: maybe(rng, sha(`r${k}`)),
          startedAt: status === 'queued' ? undefined : at(k),
          conclusion: status === 'completed' ? 'success' : undefined,
          finishedAt: status === 'completed' ? at(k + 0.3) : undefined,
        }),
      });
    }
  }
  for (let k = 1; k <= 8; k++) {
    const rebase = k % 2 === 0;
    const commits = [0, 1, 2].map(c => ({
      sha: sha(`p${k}c${c}`),
      authoredAt: at(k + c * 0.1),
      paths: [`src/pr${k}/${c}.ts`],
    }));
    const merge = rebase ? commits[2].sha : sha(`p${k}m`);
    for (let v = 0; v < 2; v++) {
      writes.push({
        kind: 'changes',
        event: changeEventSchema.parse({
          type: 'pull_request',
          repository: SCOPE.repository,
          number: k,
          title: maybe(rng, `PR ${k}`),
          labels: maybe(rng, k === 3 ? ['hotfix'] : []),
          mergedAt: at(k + 1),
          mergeCommitSha: merge,
          mergeMethod: rebase ? 'rebase' : 'merge',
          commits: rebase ? undefined : maybe(rng, commits),
        }),
      });
    }
    // the push of a rebase merge carries the pull request's rebased commits
    for (const c of rebase ? commits : []) {
      writes.push({
        kind: 'changes',
        event: changeEventSchema.parse({
          type: 'commit',
          repository: SCOPE.repository,
          ...c,
          message: `pr ${k} commit`,
          pushedAt: at(k + 1),
          pushHeadSha: merge,
        }),
      });
    }
  }
  for (let k = 0; k < 8; k++) {
    writes.push({
      kind: 'changes',
      event: changeEventSchema.parse({
        type: 'commit',
        repository: SCOPE.repository,
        sha: sha(`direct${k}`),
        authoredAt: at(k),
        pushedAt: at(k + 0.1),
        message: maybe(rng, `direct ${k}`),
        paths: maybe(rng, [`src/direct/${k}.ts`]),
      }),
    });
  }
  return writes;
}

async function write(store: TestStore, writes: Write[]) {
  const deployments: DeploymentEvent[] = [];
  const incidents: IncidentEvent[] = [];
  const pipelineRuns: PipelineRunEvent[] = [];
  const changes: ChangeEvent[] = [];
  for (const w of writes) {
    if (w.kind === 'deployments') deployments.push(w.event);
    else if (w.kind === 'incidents') incidents.push(w.event);
    else if (w.kind === 'pipelineRuns') pipelineRuns.push(w.event);
    else changes.push(w.event);
  }
  await Promise.all([
    store.storeDeployments(deployments),
    store.storeIncidents(incidents),
    store.storePipelineRuns(pipelineRuns),
    store.storeChanges(changes),
  ]);
}

const KEYS: Record<string, string[]> = {
  delivery_deployments: ['source', 'external_id'],
  delivery_incidents: ['source', 'external_id'],
  delivery_pipeline_runs: ['source', 'external_id'],
  delivery_pull_requests: ['repository', 'number'],
  delivery_commits: ['repository', 'sha'],
  delivery_changes: ['repository', 'change_key'],
};

/** Every stored row without surrogate ids and write times, as plain values. */
async function snapshot(store: TestStore) {
  const plain = (row: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(row)
        .filter(([c]) => c !== 'id' && c !== 'updated_at')
        .map(([c, v]) => [c, v === null ? null : String(v)]),
    );
  const state: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(KEYS)) {
    state[table] = (await store.db(table).select().orderBy(key)).map(plain);
  }
  state.delivery_change_paths = await store
    .db('delivery_change_paths as p')
    .join('delivery_changes as c', 'c.id', 'p.change_id')
    .select('c.change_key', 'p.path')
    .orderBy(['c.change_key', 'p.path']);
  return state;
}

describe('concurrent writers', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    `end in the state of one writer storing the same events one by one (seed ${SEED}), %p`,
    async id => {
      for (let round = 0; round < ROUNDS; round++) {
        const rng = random(SEED + round);
        const events = generateEvents(rng);
        const sequential = await createTestStore(databases, id);
        for (const e of events) await write(sequential, [e]);

        const concurrent = await createTestStore(databases, id);
        // every event twice, shuffled, in overlapping batches of 1 to 12 events
        const sent = shuffle(rng, [...events, ...events]);
        const batches: Write[][] = Array.from({ length: WRITERS }, () => []);
        sent.forEach(e => pick(rng, batches).push(e));
        for (let i = 0; i < WRITERS; i++) {
          const extra = Math.floor(rng() * 4);
          for (let j = 0; j < extra; j++) batches[i].push(pick(rng, events));
        }
        await Promise.all(batches.map(b => write(concurrent, shuffle(rng, b))));

        const expected = await snapshot(sequential);
        expect({
          seed: SEED + round,
          state: await snapshot(concurrent),
        }).toEqual({ seed: SEED + round, state: expected });
        // the rebase-merged pull requests' commits made no changes of their own
        expect(
          (expected.delivery_changes as Array<{ change_key: string }>).map(
            c => c.change_key,
          ),
        ).toEqual(expect.not.arrayContaining([`commit:${sha('p2c0')}`]));
        await sequential.db.destroy();
        await concurrent.db.destroy();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'never lose a final status to concurrent earlier statuses, %p',
    async id => {
      const store = await createTestStore(databases, id);
      for (let round = 0; round < 3; round++) {
        const event = (status: 'success' | 'in_progress', hours: number) =>
          deploymentEventSchema.parse({
            externalId: `race-${round}`,
            repository: SCOPE.repository,
            environment: 'production',
            sha: sha('race'),
            status,
            startedAt: at(hours),
            finishedAt: status === 'success' ? at(10) : undefined,
          });
        const events = shuffle(random(SEED + round), [
          event('success', 0),
          ...Array.from({ length: 49 }, (_, i) => event('in_progress', i / 10)),
        ]);
        const results = await Promise.all(
          events.map(e => store.storeDeployments([e])),
        );
        const row = await store
          .db('delivery_deployments')
          .where({ external_id: `race-${round}` })
          .first();
        expect(row.status).toBe('success');
        expect(Number(row.finished_at)).toBe(Date.parse(at(10)));
        expect(JSON.parse(row.status_history)).toHaveLength(50);
        expect(results.flat().filter(r => r.status === 'stored')).toHaveLength(
          1,
        );
      }
      await store.db.destroy();
    },
  );
});
