import { mockCredentials } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import request from 'supertest';
import { createTestDatabases } from './__testUtils__/databases';
import { at, sha } from './__testUtils__/fixtures';
import { startDeliveryBackend } from './__testUtils__/testBackend';
import { INGRESS, captureLogs, example, sign } from './__testUtils__/webhooks';

/*
 * Property-based tests: generated requests, valid-shaped and mutated, to every
 * delivery route and to the GitHub webhook ingress. Whatever arrives, the
 * answer is never a 5xx, a 400 or 413 names the field or limit at fault, and
 * a refused request stores nothing.
 * FC_NUM_RUNS=1000 runs each property a thousand times instead of 50;
 * a failure prints its seed and counterexample, FC_SEED=<seed> replays it.
 */

jest.setTimeout(120_000);

const FC_OPTIONS: fc.Parameters<unknown> = {
  numRuns: Number(process.env.FC_NUM_RUNS) || 50,
  verbose: true,
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
};
const SECRET = 'whsec-fuzz';
const MAX_BATCH_SIZE = 5;
const MAX_BATCH_BYTES = 256 * 1024;
const TABLES = [
  'delivery_deployments',
  'delivery_incidents',
  'delivery_pipeline_runs',
  'delivery_pull_requests',
  'delivery_commits',
  'delivery_changes',
];
/** What a 400 or 413 must name: an item and its field, a query parameter, the body or a limit. */
const NAMES_FIELD_OR_LIMIT = new RegExp(
  [
    String.raw`item \d+: \S`,
    String.raw`^Invalid query: \w+: `,
    '^Exactly one of entityRef and group',
    '^from ',
    '^reportYear: ',
    '^Invalid entity reference',
    "^Entity '.*' has no",
    '^Request body',
    '^The request body',
    '^The batch',
    String.raw`delivery\.events\.maxBatch(Size|Bytes)`,
  ].join('|'),
);

// ---- values that break things -------------------------------------------

const badDate = fc.constantFrom(
  '2026-01-05T10:00:00+99:99',
  '2026-01-05T10:00:00+24:00',
  '2026-02-31T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-01-05',
  'yesterday',
  `2026-01-05T10:00:00.${'1'.repeat(100)}Z`,
);
const badUrl = fc.constantFrom(
  // eslint-disable-next-line no-script-url -- a URL the API must refuse
  'javascript:alert(1)',
  'data:text/html,<b>x</b>',
  'file:///etc/passwd',
  'not a url',
  `https://example.com/${'x'.repeat(3000)}`,
  'https://example.com/\u0000',
);
const badString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    'a\u0000b',
    '\u0000',
    'x'.repeat(256),
    'constructor',
    '__proto__',
    'toString',
  ),
);
const badNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, 1e20, 1.5),
);
/** Any value of any type, deeply nested ones included. */
const garbage = fc.oneof(
  badString,
  fc.constant('x'.repeat(10_001)),
  badNumber,
  badDate,
  badUrl,
  fc.constantFrom(null, true, false, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
);
/** Now and then a body over MAX_BATCH_BYTES. */
const hugeString = fc.constant('x'.repeat(MAX_BATCH_BYTES + 1));

// ---- mutations ------------------------------------------------------------

type Mutation = {
  target: number;
  /** when set, the target is one of the paths (dot-joined) it matches */
  focus: RegExp | null;
  extraKey: string | null;
  value: unknown;
};
const mutation = (
  value: fc.Arbitrary<unknown>,
  focus: RegExp | null = null,
): fc.Arbitrary<Mutation> =>
  fc.record({
    target: fc.nat(),
    focus: fc.constantFrom(null, focus),
    extraKey: fc.option(fc.string({ maxLength: 12 }), { freq: 4 }),
    value,
  });

/** Every path to a value inside `value`, the root's empty path first. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  const paths = [prefix];
  if (value && typeof value === 'object' && prefix.length < 6) {
    for (const [key, child] of Object.entries(value)) {
      paths.push(...pathsOf(child, [...prefix, key]));
    }
  }
  return paths;
}

/** Sets `object[key]`, even when `key` is `__proto__`. */
function put(object: any, key: string, value: unknown) {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * A copy of `root` with one of its values (picked by `target`) replaced by
 * `value`, or, with an `extraKey`, given an extra field.
 */
function mutate(root: unknown, { target, focus, extraKey, value }: Mutation) {
  const wrapper = { root: JSON.parse(JSON.stringify(root ?? null)) };
  const all = pathsOf(wrapper.root);
  const focused = focus ? all.filter(p => focus.test(p.join('.'))) : [];
  const paths = (focused.length ? focused : all).map(p => ['root', ...p]);
  const path = paths[target % paths.length];
  const key = path[path.length - 1];
  const parent = path.slice(0, -1).reduce((node: any, k) => node[k], wrapper);
  const node = parent[key];
  // an array's extra key would not survive JSON (and `length` cannot be redefined)
  if (
    extraKey !== null &&
    node &&
    typeof node === 'object' &&
    !Array.isArray(node)
  ) {
    put(node, extraKey, value);
  } else {
    put(parent, key, value);
  }
  return wrapper.root;
}

const applyAll = (root: unknown, mutations: Mutation[]): unknown =>
  mutations.reduce(mutate, root);

// ---- valid-shaped events ----------------------------------------------------

const id = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
const hour = fc.integer({ min: 0, max: 24 * 30 });
const events: Record<string, fc.Arbitrary<object>> = {
  deployments: fc.record({
    externalId: id,
    repository: fc.constantFrom('acme/svc', 'acme/other'),
    environment: fc.constantFrom('production', 'staging'),
    sha: id.map(sha),
    status: fc.constantFrom('success', 'failure', 'in_progress'),
    startedAt: hour.map(at),
    finishedAt: hour.map(h => at(h + 1)),
    url: fc.constant('https://ci.example.com/deploy/1'),
  }),
  incidents: fc.record({
    externalId: id,
    repository: fc.constant('acme/svc'),
    title: fc.string({ maxLength: 30 }),
    startedAt: hour.map(at),
    resolvedAt: hour.map(h => at(h + 2)),
  }),
  'pipeline-runs': fc.record({
    externalId: id,
    repository: fc.constant('acme/svc'),
    workflow: fc.constantFrom('ci', 'deploy'),
    status: fc.constant('completed'),
    conclusion: fc.constantFrom('success', 'failure'),
    startedAt: hour.map(at),
    url: fc.constant('https://ci.example.com/run/1'),
  }),
  changes: fc.oneof(
    fc.record({
      type: fc.constant('pull_request'),
      repository: fc.constant('acme/svc'),
      number: fc.integer({ min: 1, max: 1000 }),
      title: fc.string({ maxLength: 30 }),
      mergedAt: hour.map(at),
      mergeCommitSha: id.map(sha),
      labels: fc.array(fc.constantFrom('hotfix', 'bug'), { maxLength: 2 }),
      commits: fc.array(
        fc.record({ sha: id.map(sha), authoredAt: hour.map(at) }),
        { maxLength: 3 },
      ),
    }),
    fc.record({
      type: fc.constant('commit'),
      repository: fc.constant('acme/svc'),
      sha: id.map(sha),
      authoredAt: hour.map(at),
      pushedAt: hour.map(at),
      paths: fc.array(fc.constantFrom('src/a.ts', 'docs/b.md'), {
        maxLength: 3,
      }),
    }),
  ),
};

/** A batch of one route's events in one of the accepted shapes, then mutated. */
const eventRequest = fc
  .constantFrom(...Object.keys(events))
  .chain(route =>
    fc.record({
      route: fc.constant(route),
      items: fc.array(events[route], { maxLength: MAX_BATCH_SIZE + 1 }),
      shape: fc.constantFrom('array', 'items', 'single'),
      mutations: fc.array(
        mutation(fc.oneof({ weight: 20, arbitrary: garbage }, hugeString)),
        { maxLength: 3 },
      ),
    }),
  )
  .map(({ route, items, shape, mutations }) => {
    let body: unknown = items;
    if (shape === 'items') body = { items };
    else if (shape === 'single') body = items[0] ?? {};
    return { route, body: applyAll(body, mutations) };
  });

// ---- queries ------------------------------------------------------------------

const badQueryValue = fc.oneof(
  badString,
  badDate,
  fc.constantFrom(
    '1e20',
    '-1',
    '0x10',
    '2147483648',
    '1.5',
    ' 7',
    '*',
    'component:default/nope',
    'component:default/noslug',
    'group:default/nope',
  ),
  fc.array(fc.constantFrom('1', 'svc'), { minLength: 2, maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.constantFrom('1', 'svc'), {
    maxKeys: 1,
  }),
);
/** A valid query of one entity or group, then up to two parameters set to bad values. */
const queryRequest = fc
  .record({
    path: fc.constantFrom(
      'metrics',
      'metrics/series',
      'metrics/services',
      'deployments',
      'changes',
      'incidents',
      'pipeline-runs',
    ),
    scope: fc.oneof(
      fc.record({
        entityRef: fc.constantFrom(
          'component:default/svc',
          'svc',
          'component:default/other',
        ),
      }),
      fc.record({
        group: fc.constantFrom('team-a', 'group:default/team-b'),
      }),
    ),
    options: fc.record(
      {
        environment: fc.constantFrom('production', 'staging'),
        window: hour.map(h => ({ from: at(h - 24 * 30), to: at(h) })),
        limit: fc.integer({ min: 1, max: 500 }).map(String),
        offset: fc.integer({ min: 0, max: 100 }).map(String),
        reportYear: fc.constantFrom('2023', '2024'),
        state: fc.constantFrom('open', 'resolved', 'all'),
      },
      { requiredKeys: [] },
    ),
    bad: fc.array(
      fc.tuple(
        fc.constantFrom(
          'entityRef',
          'group',
          'environment',
          'from',
          'to',
          'limit',
          'offset',
          'reportYear',
          'state',
          'extra',
        ),
        badQueryValue,
      ),
      { maxLength: 2 },
    ),
  })
  .map(({ path, scope, options: { window, ...options }, bad }) => ({
    path,
    query: {
      ...scope,
      ...window,
      ...options,
      ...Object.fromEntries(bad),
    } as Record<string, unknown>,
  }));

// ---- GitHub webhook deliveries --------------------------------------------

const mergedPullRequest = example('pull_request', e => e.action === 'closed');
mergedPullRequest.pull_request.merged = true;
mergedPullRequest.pull_request.merged_at =
  mergedPullRequest.pull_request.closed_at;
const incidentIssue = example('issues', e => e.action === 'opened');
incidentIssue.issue.labels.push({ name: 'incident' });
/** A delivery of every handled event that would be stored as it is. */
const HANDLED = new Map<string, unknown>([
  [
    'deployment_status',
    example('deployment_status', e => e.deployment_status.state === 'success'),
  ],
  ['pull_request', mergedPullRequest],
  ['push', example('push', e => e.ref === 'refs/heads/master')],
  [
    'workflow_run',
    example('workflow_run', e => e.workflow_run.conclusion === 'success'),
  ],
  ['issues', incidentIssue],
  [
    'workflow_job',
    example('workflow_job', e => e.workflow_job.conclusion === 'success'),
  ],
]);
/** The payload fields the normaliser reads; most of a payload it ignores. */
const READ_FIELDS =
  /^(action|ref|deleted|repository\.(full_name|default_branch|pushed_at)|workflow(\.name)?|(deployment|deployment_status|pull_request|workflow_run|workflow_job|issue|head_commit|commits\.\d+)(\.[a-z_]+)?)$/;
const webhookRequest = fc.oneof(
  fc.record({
    event: fc.constantFrom(...HANDLED.keys()),
    mutations: fc.array(mutation(garbage, READ_FIELDS), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  fc.record({
    event: fc.oneof(
      fc.constantFrom(
        'constructor',
        '__proto__',
        'toString',
        'hasOwnProperty',
        'star',
        'ping',
        '',
      ),
      fc.stringMatching(/^[a-z_]{1,20}$/),
    ),
    mutations: fc.array(mutation(garbage), { maxLength: 2 }),
  }),
);

// ---- the properties -----------------------------------------------------------

describe('delivery routes under generated requests', () => {
  const databases = createTestDatabases();
  const auth = mockCredentials.user.header();

  async function start(dbId: Parameters<typeof databases.init>[0]) {
    const logs = captureLogs();
    const backend = await startDeliveryBackend(databases, dbId, {
      events: { maxBatchSize: MAX_BATCH_SIZE, maxBatchBytes: MAX_BATCH_BYTES },
      webhooks: { secret: SECRET },
      rootLogger: logs.rootLogger,
    });
    const rows = async () => {
      const counts: number[] = [];
      for (const table of TABLES) {
        counts.push(Number((await backend.knex(table).count({ n: '*' }))[0].n));
      }
      return counts;
    };
    return { ...backend, rows, logs };
  }

  /** Never a 5xx; a 400 or 413 names what is wrong. */
  function expectSafeAnswer(
    res: request.Response,
    allowed: number[],
    seen: Set<number>,
  ) {
    seen.add(res.status);
    if (!allowed.includes(res.status)) {
      throw new Error(
        `Answered ${res.status}: ${JSON.stringify(res.body).slice(0, 1000)}`,
      );
    }
    if (res.status === 400 || res.status === 413) {
      expect(res.body.error.message).toMatch(NAMES_FIELD_OR_LIMIT);
    }
  }

  /** Unless the request was accepted, the row counts did not change. */
  function expectStoredOnlyIf(
    accepted: boolean,
    before: number[],
    after: number[],
  ) {
    expect(accepted ? before : after).toEqual(before);
  }

  it.each(databases.eachSupportedId())(
    'POST /events/* stores valid batches and refuses the rest whole, %p',
    async dbId => {
      const { server, knex, rows } = await start(dbId);
      const seen = new Set<number>();
      await fc.assert(
        fc.asyncProperty(eventRequest, async ({ route, body }) => {
          const before = await rows();
          const res = await request(server)
            .post(`/api/delivery/events/${route}`)
            .set('Authorization', auth)
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body));
          expectSafeAnswer(res, [202, 400, 413], seen);
          expectStoredOnlyIf(res.status === 202, before, await rows());
        }),
        FC_OPTIONS,
      );
      // the generators reach both sides of the property
      expect([...seen]).toEqual(expect.arrayContaining([202, 400]));
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'GET metrics and drill-downs answer every query with 200, 400 or 404, %p',
    async dbId => {
      const { server, knex } = await start(dbId);
      const seen = new Set<number>();
      await fc.assert(
        fc.asyncProperty(queryRequest, async ({ path, query }) => {
          const res = await request(server)
            .get(`/api/delivery/${path}`)
            .set('Authorization', auth)
            .query(query);
          expectSafeAnswer(res, [200, 400, 404], seen);
        }),
        FC_OPTIONS,
      );
      expect([...seen]).toEqual(expect.arrayContaining([200, 400]));
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'POST /api/events/http/github acknowledges every signed delivery and logs what became of it, %p',
    async dbId => {
      const { server, knex, rows, logs } = await start(dbId);
      const outcomes = new Set<string>();
      let n = 0;
      await fc.assert(
        fc.asyncProperty(webhookRequest, async ({ event, mutations }) => {
          const payload = applyAll(
            HANDLED.get(event) ?? { zen: 'hi' },
            mutations,
          );
          const body = JSON.stringify(payload) ?? 'null';
          const delivery = `fuzz-${++n}`;
          const before = await rows();
          const res = await request(server)
            .post(INGRESS)
            .set('Content-Type', 'application/json')
            .set('X-GitHub-Event', event)
            .set('X-GitHub-Delivery', delivery)
            .set('X-Hub-Signature-256', sign(SECRET, body))
            .send(body);
          expect(res.status).toBe(202);
          // one line says what became of it, and nothing failed
          const said = logs
            .visible()
            .filter(l => l.includes(`(delivery ${delivery})`));
          expect(said).toEqual([
            expect.stringMatching(/^info GitHub webhook /),
          ]);
          outcomes.add(said[0].includes(' ignored: ') ? 'ignored' : 'stored');
          // only a handled event may store anything
          expectStoredOnlyIf(HANDLED.has(event), before, await rows());
        }),
        FC_OPTIONS,
      );
      expect(logs.visible().filter(l => l.startsWith('error '))).toEqual([]);
      // the generators reach both sides of the property
      expect([...outcomes].sort()).toEqual(['ignored', 'stored']);
      await knex.destroy();
    },
  );
});
