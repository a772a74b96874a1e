import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { at, sha } from '../__testUtils__/fixtures';
import {
  DeliveryBackendOptions,
  component,
  startDeliveryBackend,
} from '../__testUtils__/testBackend';
import { INGRESS, captureLogs, example, sign } from '../__testUtils__/webhooks';

jest.setTimeout(60_000);

const SECRET = 'whsec-test-7f3a9c1e5b';
const auth = mockCredentials.user.header();

describe('GitHub webhooks through the events backend', () => {
  const databases = createTestDatabases();
  let deliveryCount = 0;

  async function start(
    id: Parameters<typeof databases.init>[0],
    options: DeliveryBackendOptions = {},
  ) {
    const logs = captureLogs();
    const backend = await startDeliveryBackend(databases, id, {
      webhooks: { secret: SECRET },
      rootLogger: logs.rootLogger,
      ...options,
    });
    const { server, knex } = backend;
    /** Posts a signed delivery; a fresh delivery id unless `delivery` is given. */
    const deliver = (
      event: string,
      payload: unknown,
      opts: { secret?: string; delivery?: string } = {},
    ) => {
      const body =
        typeof payload === 'string' ? payload : JSON.stringify(payload);
      return request(server)
        .post(INGRESS)
        .set('Content-Type', 'application/json')
        .set('X-GitHub-Event', event)
        .set('X-GitHub-Delivery', opts.delivery ?? `d-${++deliveryCount}`)
        .set('X-Hub-Signature-256', sign(opts.secret ?? SECRET, body))
        .send(body);
    };
    const count = async (table: string) =>
      Number((await knex(table).count({ n: '*' }))[0].n);
    const drill = (path: string, around: string, extra: object = {}) =>
      request(server)
        .get(`/api/delivery/${path}`)
        .set('Authorization', auth)
        .query({
          entityRef: 'component:default/svc',
          from: new Date(Date.parse(around) - 86_400_000).toISOString(),
          to: new Date(Date.parse(around) + 86_400_000).toISOString(),
          ...extra,
        });
    /** The log lines about one delivery id. */
    const logOf = (delivery: string) =>
      logs.visible().filter(l => l.includes(`(delivery ${delivery})`));
    return { ...backend, server, knex, deliver, count, drill, logOf, logs };
  }

  it.each(databases.eachSupportedId())(
    'stores a deployment_status delivery once, also when GitHub redelivers it, %p',
    async id => {
      const { knex, deliver, count, drill, logOf } = await start(id);
      const success = example(
        'deployment_status',
        e => e.deployment_status.state === 'success',
      );
      const first = await deliver('deployment_status', success, {
        delivery: 'redelivered-1',
      });
      expect(first.status).toBe(202);
      // GitHub's "Redeliver": the same delivery id, acknowledged, not stored again
      const again = await deliver('deployment_status', success, {
        delivery: 'redelivered-1',
      });
      expect(again.status).toBe(202);
      expect(await count('delivery_deployments')).toBe(1);
      expect(logOf('redelivered-1')).toEqual([
        expect.stringMatching(
          /^info GitHub webhook deployment_status \(delivery redelivered-1\) of acme\/svc: deployments 1 stored$/,
        ),
        expect.stringMatching(
          /ignored: a redelivery of a delivery already stored/,
        ),
      ]);
      const page = await drill('deployments', success.deployment.created_at);
      expect(page.status).toBe(200);
      expect(page.body.totalCount).toBe(1);
      expect(page.body.items[0]).toMatchObject({
        source: 'github',
        externalId: String(success.deployment.id),
        repository: 'acme/svc',
        environment: 'production',
        sha: success.deployment.sha,
        ref: success.deployment.ref,
        status: 'success',
        startedAt: new Date(success.deployment.created_at).toISOString(),
        finishedAt: new Date(
          success.deployment_status.created_at,
        ).toISOString(),
      });

      // a late in_progress of the same deployment (a later event time)
      // neither demotes the success nor clears its finish; it only fills
      // the log URL the success lacked
      const running = example(
        'deployment_status',
        e => e.deployment_status.state === 'in_progress',
      );
      expect(running.deployment.id).toBe(success.deployment.id);
      await deliver('deployment_status', running, { delivery: 'late' });
      expect(logOf('late')).toEqual([
        expect.stringMatching(/: deployments 1 updated$/),
      ]);
      const after = await drill('deployments', success.deployment.created_at);
      expect(after.body.items).toMatchObject([
        {
          environment: 'production',
          status: 'success',
          finishedAt: new Date(
            success.deployment_status.created_at,
          ).toISOString(),
          url: running.deployment_status.log_url,
        },
      ]);
      // a new delivery of the same status goes through the store's rules
      await deliver('deployment_status', running, { delivery: 'late-2' });
      expect(logOf('late-2')).toEqual([
        expect.stringMatching(/: deployments 1 ignored$/),
      ]);

      const inactive = example('deployment_status');
      inactive.deployment_status.state = 'inactive';
      await deliver('deployment_status', inactive, { delivery: 'inactive' });
      expect(logOf('inactive')).toEqual([
        expect.stringMatching(
          /ignored: deployment status "inactive" carries no delivery information/,
        ),
      ]);
      expect(await count('delivery_deployments')).toBe(1);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'stores merged pull requests and default-branch pushes as changes, %p',
    async id => {
      const { knex, server, deliver, drill, logOf } = await start(id);
      const push = example('push', e => e.ref === 'refs/heads/master');
      const commit = push.commits[0];
      // the example closes the pull request unmerged: merge it
      const closed = example('pull_request', e => e.action === 'closed');
      const pr = closed.pull_request;
      pr.merged = true;
      pr.merged_at = pr.closed_at;
      for (const status of ['stored', 'unchanged']) {
        await deliver('push', push, { delivery: `push-${status}` });
        expect(logOf(`push-${status}`)).toEqual([
          expect.stringMatching(`: changes 1 ${status}$`),
        ]);
        await deliver('pull_request', closed, { delivery: `pr-${status}` });
        expect(logOf(`pr-${status}`)).toEqual([
          expect.stringMatching(`: changes 1 ${status}$`),
        ]);
      }
      const unmerged = example('pull_request', e => e.action === 'opened');
      await deliver('pull_request', unmerged, { delivery: 'unmerged' });
      expect(logOf('unmerged')).toEqual([
        expect.stringMatching(/ignored: only merged pull requests/),
      ]);
      const tag = example('push', e => e.ref.startsWith('refs/tags/'));
      await deliver('push', tag, { delivery: 'tag' });
      expect(logOf('tag')).toEqual([
        expect.stringMatching(/ignored: only pushes to the default branch/),
      ]);

      // a production deployment of the merge commit ships both changes
      const deployedAt = new Date(
        Date.parse(pr.merged_at) + 3_600_000,
      ).toISOString();
      expect(
        (
          await request(server)
            .post('/api/delivery/events/deployments')
            .set('Authorization', auth)
            .send({
              externalId: 'deploy-1',
              repository: 'acme/svc',
              environment: 'production',
              sha: pr.merge_commit_sha,
              status: 'success',
              finishedAt: deployedAt,
            })
        ).status,
      ).toBe(202);
      const page = await drill('changes', deployedAt);
      expect(page.status).toBe(200);
      expect(page.body.totalCount).toBe(2);
      expect(page.body.items).toEqual([
        expect.objectContaining({
          changeKey: `pr:${pr.number}`,
          pullRequestNumber: pr.number,
          headSha: pr.merge_commit_sha,
          title: pr.title,
          landedAt: new Date(pr.merged_at).toISOString(),
          // not in the webhook: the pull request's first commit
          firstCommitAt: null,
          leadTimeSeconds: null,
        }),
        expect.objectContaining({
          changeKey: `commit:${commit.id}`,
          headSha: commit.id,
          title: commit.message,
          firstCommitAt: new Date(commit.timestamp).toISOString(),
          landedAt: new Date(push.repository.pushed_at * 1000).toISOString(),
        }),
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'makes one change of a rebase merge, whichever webhook comes first, %p',
    async id => {
      const { knex, server, deliver, drill, logs } = await start(id);
      for (const [n, pushFirst] of [
        [1, true],
        [2, false],
      ] as const) {
        // "Rebase and merge" of three commits: the push carries the rebased
        // commits and ends at the pull request's merge commit
        const push = example('push', e => e.ref === 'refs/heads/master');
        push.commits = [0, 1, 2].map(i => ({
          ...push.commits[0],
          id: sha(`pr${n}-rebased-${i}`),
          message: `Step ${i}`,
          timestamp: at(n * 10 + i),
        }));
        push.head_commit = push.commits[2];
        push.after = push.commits[2].id;
        push.repository.pushed_at = Date.parse(at(n * 10 + 3)) / 1000;
        const closed = example('pull_request', e => e.action === 'closed');
        closed.number = n;
        closed.pull_request.number = n;
        closed.pull_request.merged = true;
        closed.pull_request.merged_at = at(n * 10 + 3);
        closed.pull_request.merge_commit_sha = push.after;
        const deliveries = [
          () => deliver('push', push),
          () => deliver('pull_request', closed),
        ];
        if (!pushFirst) deliveries.reverse();
        for (const send of deliveries) expect((await send()).status).toBe(202);
        // one log line counts the push's three commits
        expect(
          logs
            .visible()
            .filter(l => /GitHub webhook push .*: changes 3 stored$/.test(l)),
        ).toHaveLength(n);
        const deployed = await request(server)
          .post('/api/delivery/events/deployments')
          .set('Authorization', auth)
          .send({
            externalId: `deploy-rebase-${n}`,
            repository: 'acme/svc',
            environment: 'production',
            sha: push.after,
            status: 'success',
            finishedAt: at(n * 10 + 4),
          });
        expect(deployed.status).toBe(202);
        const page = await drill('changes', at(n * 10 + 4), {
          from: at(n * 10 + 4),
          to: at(n * 10 + 5),
        });
        expect(page.status).toBe(200);
        expect(page.body.items).toEqual([
          expect.objectContaining({
            changeKey: `pr:${n}`,
            headSha: push.after,
            firstCommitAt: at(n * 10),
          }),
        ]);
      }
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'stores a workflow run once, its re-run as its latest attempt, %p',
    async id => {
      const { knex, deliver, drill, count } = await start(id);
      const completed = example(
        'workflow_run',
        e => e.workflow_run.conclusion === 'success',
      );
      const run = completed.workflow_run;
      await deliver('workflow_run', completed);
      expect((await deliver('workflow_run', completed)).status).toBe(202);
      const retried = JSON.parse(JSON.stringify(completed));
      retried.workflow_run.run_attempt = 2;
      await deliver('workflow_run', retried);
      const page = await drill('pipeline-runs', run.run_started_at);
      expect(page.status).toBe(200);
      expect(page.body.totalCount).toBe(1);
      expect(page.body.items[0]).toMatchObject({
        externalId: String(run.id),
        attempt: 2,
        actor: (run.triggering_actor ?? run.actor).login,
        workflow: run.name || completed.workflow.name,
        branch: run.head_branch,
        sha: run.head_sha,
        status: 'completed',
        conclusion: 'success',
        startedAt: new Date(run.run_started_at).toISOString(),
        finishedAt: new Date(run.updated_at).toISOString(),
        url: run.html_url,
      });
      // no deployment-workflow rule names its workflow
      expect(await count('delivery_deployments')).toBe(0);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'makes deployments of the runs of deployment workflows, by global rule and by entity annotation, as the sync does, %p',
    async id => {
      const deployer = component(
        'deployer',
        'group:default/team-a',
        'acme/deployer',
      );
      deployer.metadata.annotations!['launchpad.dev/deployment-workflows'] =
        'Release *=staging';
      const { knex, deliver, logOf } = await start(id, {
        entities: [deployer],
        github: {
          sync: { deploymentWorkflows: [{ workflow: 'T*' }] },
        },
      });
      const completed = example(
        'workflow_run',
        e => e.workflow_run.conclusion === 'success',
      );
      const run = completed.workflow_run;
      // the example's run has no name of its own: its workflow's, "test",
      // matches the global rule (any case), to production
      expect([run.name, completed.workflow.name]).toEqual(['', 'test']);
      await deliver('workflow_run', completed, { delivery: 'global' });
      expect(logOf('global')).toEqual([
        expect.stringMatching(
          /of acme\/svc: pipelineRuns 1 stored; deployments 1 stored$/,
        ),
      ]);
      // the entity's own rule comes first
      const release = example(
        'workflow_run',
        e => e.workflow_run.conclusion === 'success',
        'acme/deployer',
      );
      release.workflow_run.name = 'Release eu-west-1';
      release.workflow_run.id += 1;
      await deliver('workflow_run', release, { delivery: 'annotation' });
      // an in-progress run of the same attempt is the same deployment, not demoted
      const running = JSON.parse(JSON.stringify(release));
      running.workflow_run.status = 'in_progress';
      running.workflow_run.conclusion = null;
      await deliver('workflow_run', running, { delivery: 'running' });
      expect(logOf('running')).toEqual([
        expect.stringMatching(/deployments 1 ignored$/),
      ]);
      const rows = await knex('delivery_deployments')
        .select('source', 'external_id', 'repository', 'environment', 'status')
        .orderBy('external_id');
      expect(rows).toEqual([
        {
          source: 'github-actions',
          external_id: `${run.id}-${run.run_attempt}`,
          repository: 'acme/svc',
          environment: 'production',
          status: 'success',
        },
        {
          source: 'github-actions',
          external_id: `${run.id + 1}-${run.run_attempt}`,
          repository: 'acme/deployer',
          environment: 'staging',
          status: 'success',
        },
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'makes deployments of the jobs a job rule names (workflow_job), as the sync reads them, %p',
    async id => {
      const { knex, deliver, logOf } = await start(id, {
        github: {
          sync: {
            deploymentWorkflows: [
              { workflow: 'CodeQL', job: 'lint*', environment: 'staging' },
            ],
          },
        },
      });
      const succeeded = example(
        'workflow_job',
        e =>
          e.workflow_job.workflow_name === 'CodeQL' &&
          e.workflow_job.conclusion === 'success',
      );
      expect(succeeded.workflow_job.name).toBe('linters');
      const running = JSON.parse(JSON.stringify(succeeded));
      Object.assign(running.workflow_job, {
        status: 'in_progress',
        conclusion: null,
        completed_at: null,
      });
      await deliver('workflow_job', running, { delivery: 'job-running' });
      await deliver('workflow_job', succeeded, { delivery: 'job-done' });
      // a late in_progress never demotes the success
      await deliver('workflow_job', running, { delivery: 'job-late' });
      expect(
        ['job-running', 'job-done', 'job-late'].map(d => logOf(d)),
      ).toEqual([
        [expect.stringMatching(/of acme\/svc: deployments 1 stored$/)],
        [expect.stringMatching(/of acme\/svc: deployments 1 updated$/)],
        [expect.stringMatching(/of acme\/svc: deployments 1 ignored$/)],
      ]);
      const analyze = example(
        'workflow_job',
        e => e.workflow_job.name === 'Analyze (javascript)',
      );
      await deliver('workflow_job', analyze, { delivery: 'job-other' });
      expect(logOf('job-other')).toEqual([
        expect.stringMatching(
          /ignored: no deployment-workflow job rule names job "Analyze \(javascript\)" of workflow "CodeQL"/,
        ),
      ]);
      const rows = await knex('delivery_deployments').select(
        'source',
        'external_id',
        'environment',
        'status',
        'sha',
        'workflow',
      );
      expect(rows).toEqual([
        {
          source: 'github-actions',
          external_id: `job-${succeeded.workflow_job.id}`,
          environment: 'staging',
          status: 'success',
          sha: succeeded.workflow_job.head_sha,
          workflow: 'CodeQL',
        },
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'stores issues labelled incident as incidents, %p',
    async id => {
      const { knex, deliver, drill, logOf } = await start(id, {
        github: { incidentLabel: 'Outage' },
      });
      const plain = example('issues', e => e.action === 'opened');
      await deliver('issues', plain, { delivery: 'plain' });
      expect(logOf('plain')).toEqual([
        expect.stringMatching(/ignored: the issue has no "Outage" label/),
      ]);

      const opened = example('issues', e => e.action === 'opened');
      opened.issue.labels.push({ name: 'outage' });
      opened.issue.body =
        'root cause: 9fceb02d0ae598e95dc970b74767f19372d61af8';
      await deliver('issues', opened);
      let page = await drill('incidents', opened.issue.created_at);
      expect(page.body.items).toMatchObject([
        {
          source: 'github',
          externalId: `acme/svc#${opened.issue.number}`,
          title: opened.issue.title,
          startedAt: new Date(opened.issue.created_at).toISOString(),
          resolvedAt: null,
          notChangeRelated: false,
        },
      ]);

      const closed = JSON.parse(JSON.stringify(opened));
      closed.action = 'closed';
      closed.issue.state = 'closed';
      closed.issue.closed_at = new Date(
        Date.parse(opened.issue.created_at) + 1_800_000,
      ).toISOString();
      closed.issue.labels.push({ name: 'not-change-related' });
      await deliver('issues', closed);
      await deliver('issues', closed);
      page = await drill('incidents', opened.issue.created_at);
      expect(page.body.totalCount).toBe(1);
      expect(page.body.items[0]).toMatchObject({
        resolvedAt: closed.issue.closed_at,
        notChangeRelated: true,
      });
      const row = await knex('delivery_incidents').first();
      expect(row.root_cause_sha).toBe(
        '9fceb02d0ae598e95dc970b74767f19372d61af8',
      );

      const reopened = JSON.parse(JSON.stringify(closed));
      reopened.action = 'reopened';
      reopened.issue.state = 'open';
      reopened.issue.closed_at = null;
      await deliver('issues', reopened);
      page = await drill('incidents', opened.issue.created_at);
      expect(page.body.items[0]).toMatchObject({
        resolvedAt: null,
        notChangeRelated: true,
      });
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'accepts only signed deliveries and never logs the secret, %p',
    async id => {
      const { knex, server, deliver, count, logOf, logs } = await start(id);
      const payload = example('deployment_status');

      const forged = await deliver('deployment_status', payload, {
        secret: 'not-the-secret',
        delivery: 'forged',
      });
      expect(forged.status).toBe(403);
      expect(forged.body).toEqual({ message: 'invalid signature' });
      const unsigned = await request(server)
        .post(INGRESS)
        .set('Content-Type', 'application/json')
        .set('X-GitHub-Event', 'deployment_status')
        .set('X-GitHub-Delivery', 'unsigned')
        .send(JSON.stringify(payload));
      expect(unsigned.status).toBe(403);
      expect(await count('delivery_deployments')).toBe(0);
      expect([...logOf('forged'), ...logOf('unsigned')]).toEqual([]);

      const body = JSON.stringify(payload);
      const signed = await deliver('deployment_status', payload, {
        delivery: 'd-42',
      });
      expect(signed.status).toBe(202);
      expect(await count('delivery_deployments')).toBe(1);
      expect(logOf('d-42')).toHaveLength(1);
      const logged = logs.lines.join('\n');
      expect(logged).not.toContain(SECRET);
      // the events library logs every event's headers, the signature too,
      // at debug level only: nothing above debug carries it
      const signature = sign(SECRET, body).slice('sha256='.length);
      expect(logs.visible().filter(l => l.includes(signature))).toEqual([]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'acknowledges and ignores, with a log line saying which, unknown events, malformed payloads and repositories not in the catalog, %p',
    async id => {
      const { knex, server, deliver, logOf, logs } = await start(id);
      const tables = [
        'delivery_deployments',
        'delivery_pull_requests',
        'delivery_commits',
        'delivery_pipeline_runs',
        'delivery_incidents',
      ];
      const rows = async () => {
        let n = 0;
        for (const table of tables) {
          n += Number((await knex(table).count({ n: '*' }))[0].n);
        }
        return n;
      };
      const expectIgnored = async (
        event: string,
        payload: unknown,
        why: RegExp,
      ) => {
        const delivery = `ignored-${++deliveryCount}`;
        const res = await deliver(event, payload, { delivery });
        expect(res.status).toBe(202);
        expect(logOf(delivery)).toEqual([
          expect.stringMatching(
            new RegExp(
              `^info GitHub webhook .* \\(delivery ${delivery}\\) .*${why.source}`,
            ),
          ),
        ]);
      };
      await expectIgnored(
        'ping',
        example('ping'),
        /ignored: the event is not used; handled: push, pull_request, deployment_status, workflow_run, workflow_job, issues/,
      );
      await expectIgnored(
        'star',
        example('star'),
        /ignored: the event is not used/,
      );
      // event names that are members of every object
      for (const event of [
        'constructor',
        '__proto__',
        'toString',
        'hasOwnProperty',
      ]) {
        await expectIgnored(
          event,
          { zen: 'hello' },
          /ignored: the event is not used/,
        );
      }
      const status = example('deployment_status');
      status.deployment_status.state = 'constructor';
      await expectIgnored(
        'deployment_status',
        status,
        /ignored: deployment status "constructor" carries no delivery information/,
      );

      await expectIgnored(
        'deployment_status',
        example('deployment_status', () => true, 'acme/unknown'),
        /ignored: repository acme\/unknown is not in the catalog/,
      );
      await expectIgnored(
        'push',
        { zen: 'no repository' },
        /ignored: malformed payload: it names no repository/,
      );
      for (const body of ['null', '[1,2]', '"text"', '{"zen":']) {
        await expectIgnored(
          'push',
          body,
          /ignored: malformed payload: not a JSON object$/,
        );
      }
      // unsigned, it is refused before anything reads it
      const unsigned = await request(server)
        .post(INGRESS)
        .set('Content-Type', 'application/json')
        .set('X-GitHub-Event', 'push')
        .send('{"zen":');
      expect(unsigned.status).toBe(403);
      const invalid = example('deployment_status');
      invalid.deployment.environment = 42;
      await expectIgnored(
        'deployment_status',
        invalid,
        /ignored: malformed payload: The payload lacks what the mapping needs, nothing was stored. deployment.environment: Invalid input: expected string/,
      );
      expect(await rows()).toBe(0);
      expect(logs.lines.filter(l => /^(warn|error) /.test(l))).toEqual([]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'applies the event schemas to webhook deliveries: an invalid item is skipped with a log line naming its field, %p',
    async id => {
      const { knex, deliver, logs, count } = await start(id);
      const closed = example('pull_request', e => e.action === 'closed');
      closed.pull_request.merged = true;
      closed.pull_request.merged_at = closed.pull_request.closed_at;
      const skipped = async (
        event: string,
        payload: unknown,
        field: RegExp,
      ) => {
        const before = logs.visible().length;
        expect((await deliver(event, payload)).status).toBe(202);
        expect(logs.visible().slice(before)).toEqual([
          expect.stringMatching(
            new RegExp(
              `^warn GitHub webhook ${event} of acme/svc skipped one of its \\w+: .*${field.source}`,
            ),
          ),
          expect.stringMatching(/: nothing valid to store$/),
        ]);
      };
      closed.pull_request.number = 2 ** 31;
      await skipped(
        'pull_request',
        closed,
        /number: Too big: expected number to be <=2147483647/,
      );
      closed.pull_request.number = 7;
      closed.pull_request.title = 'fix\u0000';
      await skipped('pull_request', closed, /title: must not contain NUL/);
      closed.pull_request.title = 'fix';
      // eslint-disable-next-line no-script-url -- a URL the API must refuse
      closed.pull_request.html_url = 'javascript:alert(1)';
      await skipped(
        'pull_request',
        closed,
        /url: must be an http or https URL/,
      );
      const invalid = example('deployment_status');
      invalid.deployment.sha = 'not-a-sha';
      await skipped(
        'deployment_status',
        invalid,
        /sha: must be a hexadecimal commit sha/,
      );
      expect(await count('delivery_pull_requests')).toBe(0);
      expect(await count('delivery_deployments')).toBe(0);

      const push = example('push', e => e.ref === 'refs/heads/master');
      const before = logs.visible().length;
      await deliver('push', {
        ...push,
        repository: { ...push.repository, pushed_at: 1e20 },
      });
      expect(logs.visible().slice(before)).toEqual([
        expect.stringMatching(
          /ignored: malformed payload: .*repository.pushed_at: Too big: expected number to be <=/,
        ),
      ]);
      expect(await count('delivery_commits')).toBe(0);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses bodies over the events backend limit, %p',
    async id => {
      const { knex, deliver, count } = await start(id);
      const push = example('push', e => e.ref === 'refs/heads/master');
      const hugePush = {
        ...push,
        commits: Array.from({ length: 3000 }, () => ({
          ...push.commits[0],
          message: 'm'.repeat(2000),
        })),
      };
      const res = await deliver('push', hugePush);
      expect(res.status).toBe(413);
      expect(await count('delivery_commits')).toBe(0);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'has no GitHub ingress when no secret is configured, %p',
    async id => {
      const { knex, deliver, count } = await start(id, { webhooks: {} });
      const res = await deliver(
        'deployment_status',
        example('deployment_status'),
      );
      expect(res.status).toBe(404);
      expect(await count('delivery_deployments')).toBe(0);
      await knex.destroy();
    },
  );
});
