import { createHash } from 'crypto';
import { http, HttpResponse } from 'msw';

// Response bodies are GitHub's own examples from its OpenAPI description,
// with the fields a test sets replaced.
const examples: Record<string, { value: any }> =
  require('@octokit/openapi/generated/api.github.com.json').components.examples;

function example(name: string): any {
  const value = examples[name].value;
  return structuredClone(Array.isArray(value) ? value[0] : value);
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');

export const API = 'https://api.github.com';
export const TOKEN = 'ghp_sync_test_secret_0123456789';

/** A hex sha made from a label. */
export const sha = (label: string) =>
  createHash('sha1').update(label).digest('hex');

interface Deployment {
  body: any;
  statuses: any[];
}
interface PullRequest {
  body: any;
  commits: any[];
  files: any[];
}

/** One repository's data, newest last; the fake lists it as GitHub does. */
export class FakeRepository {
  deployments: Deployment[] = [];
  runs: any[] = [];
  /** each run attempt's jobs, by `<run id>/<attempt>` */
  jobs = new Map<string, any[]>();
  pulls: PullRequest[] = [];
  issues: any[] = [];
  /** the default branch's commits, oldest first, as the compare API lists them */
  history: any[] = [];

  constructor(readonly owner: string, readonly name: string) {}

  private url(path: string) {
    return `${API}/repos/${this.owner}/${this.name}/${path}`;
  }

  addDeployment(o: {
    id: number;
    sha: string;
    environment?: string;
    at: number;
    statuses?: Array<{ state: string; at: number }>;
  }) {
    const body = example('deployment-items');
    Object.assign(body, {
      id: o.id,
      url: this.url(`deployments/${o.id}`),
      sha: o.sha,
      ref: 'main',
      environment: o.environment ?? 'production',
      original_environment: o.environment ?? 'production',
      created_at: iso(o.at),
      updated_at: iso(o.at),
    });
    this.deployments.push({ body, statuses: [] });
    for (const s of o.statuses ?? []) this.addStatus(o.id, s.state, s.at);
  }

  /** A new status also changes the deployment's `updated_at`, as on GitHub. */
  addStatus(deploymentId: number, state: string, at: number) {
    const deployment = this.deployments.find(d => d.body.id === deploymentId)!;
    const status = example('deployment-status-items');
    Object.assign(status, {
      id: deployment.statuses.length + 1,
      state,
      environment: deployment.body.environment,
      created_at: iso(at),
      updated_at: iso(at),
      target_url: `https://example.com/deploy/${deploymentId}`,
      log_url: `https://example.com/deploy/${deploymentId}/log`,
    });
    deployment.statuses.push(status);
    deployment.body.updated_at = iso(at);
  }

  addRun(o: {
    id: number;
    name?: string;
    sha: string;
    at: number;
    status?: string;
    conclusion?: string | null;
    attempt?: number;
    finishedAt?: number;
  }) {
    const run = example('workflow-run-paginated').workflow_runs[0];
    const status = o.status ?? 'completed';
    Object.assign(run, {
      id: o.id,
      name: o.name ?? 'CI',
      head_branch: 'main',
      head_sha: o.sha,
      status,
      conclusion:
        status === 'completed'
          ? o.conclusion ?? 'success'
          : o.conclusion ?? null,
      run_attempt: o.attempt ?? 1,
      created_at: iso(o.at),
      run_started_at: iso(o.at),
      updated_at: iso(o.finishedAt ?? o.at + 60_000),
      html_url: `https://github.com/${this.owner}/${this.name}/actions/runs/${o.id}`,
    });
    this.runs.push(run);
    return run;
  }

  /** A job of one attempt of a run; a job in progress until `finishedAt`. */
  addJob(
    runId: number,
    o: {
      id: number;
      name: string;
      at: number;
      attempt?: number;
      status?: string;
      conclusion?: string | null;
      finishedAt?: number;
    },
  ) {
    const run = this.runs.find(r => r.id === runId)!;
    const job = example('job-paginated').jobs[0];
    const status = o.status ?? 'completed';
    Object.assign(job, {
      id: o.id,
      run_id: runId,
      run_attempt: o.attempt ?? 1,
      name: o.name,
      head_sha: run.head_sha,
      head_branch: run.head_branch,
      workflow_name: run.name,
      status,
      conclusion:
        status === 'completed'
          ? o.conclusion ?? 'success'
          : o.conclusion ?? null,
      created_at: iso(o.at),
      started_at: iso(o.at),
      completed_at:
        status === 'completed' ? iso(o.finishedAt ?? o.at + 60_000) : null,
      html_url: `https://github.com/${this.owner}/${this.name}/actions/runs/${runId}/job/${o.id}`,
    });
    const key = `${runId}/${o.attempt ?? 1}`;
    this.jobs.set(key, [...(this.jobs.get(key) ?? []), job]);
    return job;
  }

  /** A commit on the default branch; a merge commit has two parents. */
  addCommit(o: { sha: string; at: number; message?: string; merge?: boolean }) {
    const commit = example('commit-items');
    commit.sha = o.sha;
    commit.commit.author.date = iso(o.at);
    commit.commit.committer.date = iso(o.at);
    commit.commit.message = o.message ?? `commit ${o.sha.slice(0, 7)}`;
    const parent = { sha: this.history[this.history.length - 1]?.sha ?? '0' };
    commit.parents = o.merge
      ? [parent, { sha: sha(`side-${o.sha}`) }]
      : [parent];
    this.history.push(commit);
    return commit;
  }

  addPull(o: {
    number: number;
    mergedAt: number | null;
    commits: Array<{ sha: string; at: number }>;
    files: string[];
    updatedAt?: number;
  }) {
    const body = example('pull-request-simple-items');
    Object.assign(body, {
      number: o.number,
      id: o.number,
      title: `Change ${o.number}`,
      state: 'closed',
      html_url: `https://github.com/${this.owner}/${this.name}/pull/${o.number}`,
      created_at: iso(o.commits[0]?.at ?? o.mergedAt ?? 0),
      updated_at: iso(o.updatedAt ?? o.mergedAt ?? 0),
      closed_at: o.mergedAt === null ? null : iso(o.mergedAt),
      merged_at: o.mergedAt === null ? null : iso(o.mergedAt),
      merge_commit_sha: sha(`merge-${o.number}`),
      labels: [],
    });
    body.head.ref = `feature-${o.number}`;
    const commits = o.commits.map(c => {
      const commit = example('commit-items');
      commit.sha = c.sha;
      commit.commit.author.date = iso(c.at);
      commit.commit.committer.date = iso(c.at);
      commit.commit.message = `work on ${o.number}`;
      return commit;
    });
    const files = o.files.map(filename => ({
      ...example('diff-entry-items'),
      filename,
    }));
    this.pulls.push({ body, commits, files });
  }

  addIssue(o: {
    number: number;
    at: number;
    closedAt?: number;
    body?: string;
    labels?: string[];
  }) {
    const issue = example('issue-items');
    delete issue.pull_request;
    Object.assign(issue, {
      number: o.number,
      id: o.number,
      title: `Incident ${o.number}`,
      body: o.body ?? '',
      state: o.closedAt ? 'closed' : 'open',
      created_at: iso(o.at),
      updated_at: iso(o.closedAt ?? o.at),
      closed_at: o.closedAt ? iso(o.closedAt) : null,
      labels: (o.labels ?? ['incident']).map(name => ({
        ...example('issue-items').labels[0],
        name,
      })),
      html_url: `https://github.com/${this.owner}/${this.name}/issues/${o.number}`,
    });
    this.issues.push(issue);
  }
}

const byNewest = (field: string) => (a: any, b: any) =>
  Date.parse(b[field]) - Date.parse(a[field]) || b.id - a.id;

export interface RequestRecord {
  path: string;
  status: number;
}

/**
 * GitHub's REST API for the sync's requests, in memory: pages with Link
 * headers, ETags honoured (a matching `If-None-Match` answers 304),
 * rate-limit headers, 404 for repositories the token cannot read, and
 * `fault` to answer a request otherwise. It counts the requests GitHub
 * would count (every answer but 304).
 */
export class FakeGithub {
  /** `api` is the API's base URL: GitHub Enterprise serves it under /api/v3 */
  constructor(private readonly api: string = API) {}

  readonly repositories = new Map<string, FakeRepository>();
  /** tokens the API accepts */
  readonly tokens = new Set([TOKEN]);
  /** a GitHub App's installations and the token each installation gets */
  app?: { installations: Array<{ id: number; owner: string }>; token: string };
  readonly denied = new Set<string>();
  readonly log: RequestRecord[] = [];
  /** answers instead of the fake when it returns a response */
  fault?: (path: string, attempt: number) => Response | undefined;
  private readonly attempts = new Map<string, number>();

  repository(slug: string): FakeRepository {
    const key = slug.toLowerCase();
    if (!this.repositories.has(key)) {
      const [owner, name] = slug.split('/');
      this.repositories.set(key, new FakeRepository(owner, name));
    }
    return this.repositories.get(key)!;
  }

  /** Requests GitHub counts against the rate limit (all but 304) since the log was cleared. */
  counted = 0;
  notModified = 0;
  /** counted requests ever, for the rate-limit headers */
  private spent = 0;

  private record(path: string, status: number) {
    this.log.push({ path, status });
    if (status === 304) {
      this.notModified++;
    } else {
      this.counted++;
      this.spent++;
    }
  }

  clearLog() {
    this.log.length = 0;
    this.counted = 0;
    this.notModified = 0;
  }

  /** the msw handlers of the API */
  get handlers() {
    return [
      http.post(
        `${this.api}/app/installations/:id/access_tokens`,
        ({ request }) => {
          const response = HttpResponse.json(
            {
              token: this.app!.token,
              expires_at: new Date(Date.now() + 3_600_000).toISOString(),
              permissions: {},
              repository_selection: 'all',
            },
            { status: 201 },
          );
          this.record(new URL(request.url).pathname, 201);
          return response;
        },
      ),
      http.get(`${this.api}/*`, ({ request }) => {
        const response = this.answer(request);
        const url = new URL(request.url);
        this.record(`${this.pathOf(url)}${url.search}`, response.status);
        return response;
      }),
    ];
  }

  /** the path below the API's base URL */
  private pathOf(url: URL): string {
    return url.pathname.slice(
      new URL(this.api).pathname.replace(/\/$/, '').length,
    );
  }

  private answer(request: Request): Response {
    const url = new URL(request.url);
    const path = this.pathOf(url);
    const key = `${path}${url.search}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    const faulty = this.fault?.(key, attempt);
    if (faulty) return faulty;
    if (path === '/app/installations' && this.app) {
      return HttpResponse.json(
        this.app.installations.map(i => ({
          id: i.id,
          account: { login: i.owner },
          repository_selection: 'all',
        })),
      );
    }
    const authorization = request.headers.get('authorization') ?? '';
    if (![...this.tokens].some(token => authorization.includes(token))) {
      return HttpResponse.json({ message: 'Bad credentials' }, { status: 401 });
    }
    const match = path.match(/^\/repos\/([^/]+)\/([^/]+)\/(.+)$/);
    const repo =
      match && this.repositories.get(`${match[1]}/${match[2]}`.toLowerCase());
    if (!match || !repo || this.denied.has(`${match[1]}/${match[2]}`)) {
      return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
    }
    const list = this.list(repo, match[3], url.searchParams);
    if (!list) {
      return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
    }
    return this.page(request, url, list.items, list.wrap);
  }

  private list(
    repo: FakeRepository,
    path: string,
    q: URLSearchParams,
  ): { items: any[]; wrap?: (page: any[]) => unknown } | undefined {
    if (path === 'deployments') {
      return {
        items: repo.deployments.map(d => d.body).sort(byNewest('created_at')),
      };
    }
    const statuses = path.match(/^deployments\/(\d+)\/statuses$/);
    if (statuses) {
      const deployment = repo.deployments.find(
        d => d.body.id === Number(statuses[1]),
      );
      return deployment && { items: [...deployment.statuses].reverse() };
    }
    if (path === 'actions/runs') {
      const runs = [...repo.runs].sort(byNewest('created_at'));
      return {
        items: runs,
        wrap: page => ({ total_count: runs.length, workflow_runs: page }),
      };
    }
    const jobs = path.match(/^actions\/runs\/(\d+)\/attempts\/(\d+)\/jobs$/);
    if (jobs) {
      const items = repo.jobs.get(`${jobs[1]}/${jobs[2]}`) ?? [];
      return {
        items,
        wrap: page => ({ total_count: items.length, jobs: page }),
      };
    }
    const compare = path.match(/^compare\/(\w+)\.\.\.(\w+)$/);
    if (compare) {
      const base = repo.history.findIndex(c => c.sha === compare[1]);
      const head = repo.history.findIndex(c => c.sha === compare[2]);
      if (base < 0 || head < 0) return undefined;
      const items = repo.history.slice(base + 1, head + 1);
      const { commits: _, ...comparison } = example('commit-comparison');
      return {
        items,
        wrap: page => ({
          ...comparison,
          status: 'ahead',
          ahead_by: items.length,
          total_commits: items.length,
          commits: page,
        }),
      };
    }
    if (path === 'pulls') {
      return {
        items: repo.pulls.map(p => p.body).sort(byNewest('updated_at')),
      };
    }
    const pull = path.match(/^pulls\/(\d+)\/(commits|files)$/);
    if (pull) {
      const pr = repo.pulls.find(p => p.body.number === Number(pull[1]));
      return pr && { items: pull[2] === 'commits' ? pr.commits : pr.files };
    }
    if (path === 'issues') {
      const since = Date.parse(q.get('since') ?? '1970-01-01T00:00:00Z');
      const label = q.get('labels');
      return {
        items: repo.issues
          .filter(i => Date.parse(i.updated_at) >= since)
          .filter(i => !label || i.labels.some((l: any) => l.name === label))
          .sort(byNewest('updated_at')),
      };
    }
    return undefined;
  }

  private page(
    request: Request,
    url: URL,
    items: any[],
    wrap: (page: any[]) => unknown = page => page,
  ): Response {
    const perPage = Number(url.searchParams.get('per_page') ?? 30);
    const page = Number(url.searchParams.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const body = JSON.stringify(
      wrap(items.slice((page - 1) * perPage, page * perPage)),
    );
    const etag = `W/"${createHash('sha1').update(body).digest('hex')}"`;
    const headers: Record<string, string> = {
      etag,
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(Math.max(0, 4999 - this.spent)),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    };
    const link = (n: number, rel: string) => {
      const target = new URL(url);
      target.searchParams.set('page', String(n));
      return `<${target}>; rel="${rel}"`;
    };
    if (page < last) {
      headers.link = [link(page + 1, 'next'), link(last, 'last')].join(', ');
    }
    if (request.headers.get('if-none-match') === etag) {
      return new HttpResponse(null, { status: 304, headers });
    }
    return new HttpResponse(body, {
      status: 200,
      headers: { ...headers, 'content-type': 'application/json' },
    });
  }
}
