import {
  WorkflowJob,
  WorkflowRun,
  deploymentOfJob,
  hasJobRules,
} from '../github/deploymentWorkflows';
import { DeliveryKind, DeliveryRules, deliveriesOf } from '../github/ingest';
import { GithubClient } from './GithubClients';
import { SyncResource } from './SyncStateStore';

/** One repository as the sync reads it, and the rules its entities ask for. */
export interface RepositoryContext extends DeliveryRules {
  client: GithubClient;
  owner: string;
  repo: string;
}

/** What the items of one page become, and the oldest of them that may still change in place. */
export interface PageDeliveries {
  deliveries: DeliveryKind[];
  /** sort time (ms) of the oldest item that is still running */
  openSince?: number;
}

/**
 * A list GitHub returns newest first, read page by page, and how its items
 * become delivery events (the same webhook-shaped payloads and mapping,
 * `deliveriesOf`, as webhook deliveries).
 */
export interface ResourceSpec {
  resource: SyncResource;
  /** path template of the list */
  route: string;
  /** query parameters; `since` (ms) is the oldest time of interest */
  params(ctx: RepositoryContext, since: number): Record<string, string>;
  items(data: any): any[];
  /** the time the list is sorted by, newest first (ms) */
  sortTime(item: any): number;
  /**
   * When an item last changed, for a list sorted by creation: an older item
   * on a page the sync reads anyway (a re-run, a new deployment status) is
   * read again when it changed since the last sync.
   */
  changedAt?(item: any): number;
  toDeliveries(items: any[], ctx: RepositoryContext): Promise<PageDeliveries>;
}

export const PER_PAGE = 100;
/** A deployment or run that is still running after this long is abandoned: it no longer holds the watermark. */
const OPEN_WINDOW_MS = 24 * 3_600_000;
const MAX_MESSAGE = 10_000;
/** GitHub lists at most 250 commits and 3000 files of a pull request. */
const MAX_COMMIT_PAGES = 3;
const MAX_FILE_PAGES = 30;
/** A workflow run has at most 256 jobs (a matrix's limit). */
const MAX_JOB_PAGES = 3;

const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : NaN);
const repositoryOf = (ctx: RepositoryContext) => ({
  full_name: `${ctx.owner}/${ctx.repo}`,
});

/** Every item of a list of at most `maxPages` pages, unconditionally. */
export async function readAll(
  ctx: RepositoryContext,
  route: string,
  params: Record<string, string | number>,
  maxPages: number,
  items: (data: any) => any[] = data => data,
): Promise<any[]> {
  const all: any[] = [];
  let page: number | undefined = 1;
  while (page && page <= maxPages) {
    const result = await ctx.client.get(route, {
      owner: ctx.owner,
      repo: ctx.repo,
      ...params,
      per_page: PER_PAGE,
      page,
    });
    if (result.notModified) break;
    all.push(...items(result.data));
    page = result.nextPage;
  }
  return all;
}

/** The deliveries of webhook-shaped payloads, without the ignored ones. */
function normaliseAll(
  event: string,
  payloads: unknown[],
  ctx: RepositoryContext,
): DeliveryKind[] {
  return payloads.flatMap(p => {
    const deliveries = deliveriesOf(event, p, ctx);
    return Array.isArray(deliveries) ? deliveries : [];
  });
}

const minimum = (values: number[]) =>
  values.length ? Math.min(...values) : undefined;

const FINAL_DEPLOYMENT_STATES = ['success', 'failure', 'error', 'inactive'];

export const deploymentsResource: ResourceSpec = {
  resource: 'deployments',
  route: '/repos/{owner}/{repo}/deployments',
  params: () => ({}),
  items: data => data,
  sortTime: d => time(d.created_at),
  changedAt: d => time(d.updated_at),
  async toDeliveries(deployments, ctx) {
    const deliveries: DeliveryKind[] = [];
    const open: number[] = [];
    for (const deployment of deployments) {
      const statuses = await readAll(
        ctx,
        `/repos/{owner}/{repo}/deployments/${deployment.id}/statuses`,
        {},
        1,
      );
      const latest = [...statuses].sort(
        (a, b) => time(b.created_at) - time(a.created_at),
      )[0];
      if (
        !FINAL_DEPLOYMENT_STATES.includes(latest?.state) &&
        Date.now() - time(deployment.created_at) < OPEN_WINDOW_MS
      ) {
        open.push(time(deployment.created_at));
      }
      deliveries.push(
        ...normaliseAll(
          'deployment_status',
          statuses.map(status => ({
            repository: repositoryOf(ctx),
            deployment,
            deployment_status: status,
          })),
          ctx,
        ),
      );
    }
    return { deliveries, openSince: minimum(open) };
  },
};

export const workflowRunsResource: ResourceSpec = {
  resource: 'workflowRuns',
  route: '/repos/{owner}/{repo}/actions/runs',
  params: () => ({}),
  items: data => data.workflow_runs ?? [],
  sortTime: r => time(r.created_at),
  changedAt: r => time(r.updated_at),
  async toDeliveries(runs: WorkflowRun[], ctx) {
    // a run of a deployment workflow is also a deployment
    const deliveries = normaliseAll(
      'workflow_run',
      runs.map(run => ({ repository: repositoryOf(ctx), workflow_run: run })),
      ctx,
    );
    // or its jobs are, when a job rule names its workflow: one request per
    // such run, read again only when the run changed
    const repository = `${ctx.owner}/${ctx.repo}`.toLowerCase();
    for (const run of runs) {
      if (!hasJobRules(run.name, ctx.deploymentWorkflows)) continue;
      const jobs: WorkflowJob[] = await readAll(
        ctx,
        `/repos/{owner}/{repo}/actions/runs/${run.id}/attempts/${
          run.run_attempt ?? 1
        }/jobs`,
        {},
        MAX_JOB_PAGES,
        data => data.jobs ?? [],
      );
      const events = jobs
        .map(job =>
          deploymentOfJob(repository, run.name, job, ctx.deploymentWorkflows),
        )
        .filter(d => d !== undefined);
      if (events.length) deliveries.push({ kind: 'deployments', events });
    }
    const open = runs
      .filter(
        r =>
          r.status !== 'completed' &&
          Date.now() - time(r.created_at) < OPEN_WINDOW_MS,
      )
      .map(r => time(r.created_at));
    return { deliveries, openSince: minimum(open) };
  },
};

export const pullRequestsResource: ResourceSpec = {
  resource: 'pullRequests',
  route: '/repos/{owner}/{repo}/pulls',
  params: () => ({ state: 'closed', sort: 'updated', direction: 'desc' }),
  items: data => data,
  sortTime: pr => time(pr.updated_at),
  async toDeliveries(pulls, ctx) {
    const deliveries: DeliveryKind[] = [];
    for (const pr of pulls.filter(p => p.merged_at)) {
      const [change] = normaliseAll(
        'pull_request',
        [
          {
            action: 'closed',
            repository: repositoryOf(ctx),
            pull_request: { ...pr, merged: true },
          },
        ],
        ctx,
      );
      if (change?.kind !== 'changes') continue;
      const route = `/repos/{owner}/{repo}/pulls/${pr.number}`;
      const commits = await readAll(
        ctx,
        `${route}/commits`,
        {},
        MAX_COMMIT_PAGES,
      );
      const files = await readAll(ctx, `${route}/files`, {}, MAX_FILE_PAGES);
      // the commits give the change its first-commit time; the paths place it in a monorepo
      Object.assign(change.events[0], {
        commits: commits
          .filter(c => c.commit?.author?.date)
          .map(c => ({
            sha: c.sha,
            authoredAt: c.commit.author.date,
            committedAt: c.commit.committer?.date ?? undefined,
            author: c.author?.login ?? c.commit.author.name ?? undefined,
            message: String(c.commit.message ?? '').slice(0, MAX_MESSAGE),
          })),
        paths: [
          ...new Set(
            files.flatMap(f =>
              f.previous_filename
                ? [f.filename, f.previous_filename]
                : [f.filename],
            ),
          ),
        ],
      });
      deliveries.push(change);
    }
    return { deliveries };
  },
};

export const incidentsResource: ResourceSpec = {
  resource: 'incidents',
  route: '/repos/{owner}/{repo}/issues',
  params: (ctx, since) => ({
    labels: ctx.incidentLabel,
    state: 'all',
    sort: 'updated',
    direction: 'desc',
    since: new Date(since).toISOString(),
  }),
  items: data => data,
  sortTime: i => time(i.updated_at),
  async toDeliveries(issues, ctx) {
    return {
      deliveries: normaliseAll(
        'issues',
        // the issues list includes pull requests
        issues
          .filter(issue => !issue.pull_request)
          .map(issue => ({
            action: 'synced',
            repository: repositoryOf(ctx),
            issue,
          })),
        ctx,
      ),
    };
  },
};

export const RESOURCE_SPECS: ResourceSpec[] = [
  deploymentsResource,
  workflowRunsResource,
  pullRequestsResource,
  incidentsResource,
];
