import { http, HttpResponse } from 'msw';
import { createHash } from 'node:crypto';
import { basicError, openApiExample } from './githubOpenApi';
import { GITHUB_API } from './fakeGithub';

type Branch = { commitSha: string; treeSha: string };
type Repository = {
  description: string | null;
  defaultBranch: string;
  branches: Map<string, Branch>;
};

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/**
 * GitHub's repositories, git data and pull requests as far as publishing
 * uses them, behind msw handlers. Trees are maps of path to blob sha; a tree's
 * sha is a hash of that map, so equal contents give equal shas as on GitHub.
 */
export class FakeGithubRepositories {
  accounts = new Map<string, 'Organization' | 'User'>([
    ['acme', 'Organization'],
  ]);
  repositories = new Map<string, Repository>();
  trees = new Map<string, Map<string, string>>();
  /** Commit sha to tree sha. */
  commits = new Map<string, string>();
  pulls: { owner: string; repo: string; head: string; url: string }[] = [];
  requests: { method: string; path: string; body?: any }[] = [];
  /** Per "METHOD path": a status and message to answer instead. */
  failures = new Map<string, { status: number; message: string }>();

  get writes() {
    return this.requests.filter(r => r.method !== 'GET');
  }

  /** Adds a repository whose branch holds the given files (path to content). */
  addRepository(
    slug: string,
    options: {
      description?: string;
      files?: Record<string, string>;
      defaultBranch?: string;
      treeSha?: string;
    } = {},
  ) {
    const defaultBranch = options.defaultBranch ?? 'main';
    const branches = new Map<string, Branch>();
    if (options.files || options.treeSha) {
      const treeSha =
        options.treeSha ??
        this.storeTree(
          new Map(
            Object.entries(options.files!).map(([p, c]) => [
              p,
              this.blobSha(Buffer.from(c)),
            ]),
          ),
        );
      branches.set(defaultBranch, {
        commitSha: sha1(`commit ${treeSha}`),
        treeSha,
      });
    }
    this.repositories.set(slug, {
      description: options.description ?? null,
      defaultBranch,
      branches,
    });
  }

  blobSha(content: Buffer) {
    return createHash('sha1')
      .update(`blob ${content.length}\0`)
      .update(content)
      .digest('hex');
  }

  private storeTree(files: Map<string, string>) {
    const sha = sha1(JSON.stringify([...files].sort()));
    this.trees.set(sha, files);
    return sha;
  }

  private repositoryBody(owner: string, repo: string, r: Repository) {
    return {
      ...openApiExample('get', '/repos/{owner}/{repo}'),
      name: repo,
      full_name: `${owner}/${repo}`,
      html_url: `https://github.com/${owner}/${repo}`,
      clone_url: `https://github.com/${owner}/${repo}.git`,
      description: r.description,
      default_branch: r.defaultBranch,
    };
  }

  handlers() {
    const fail = (method: string, path: string) => {
      const failure = this.failures.get(`${method} ${path}`);
      return failure
        ? HttpResponse.json(basicError(failure.message, failure.status), {
            status: failure.status,
          })
        : undefined;
    };
    const record = async (request: Request, path: string) => {
      const body =
        request.method === 'GET' ? undefined : await request.clone().json();
      this.requests.push({ method: request.method, path, body });
    };
    const notFound = () =>
      HttpResponse.json(basicError('Not Found', 404), { status: 404 });
    const create =
      (ownerOf: (params: any) => string) =>
      async ({ request, params }: any) => {
        const path = new URL(request.url).pathname;
        await record(request, path);
        const owner = ownerOf(params);
        const body = await request.json();
        const failure = fail('POST', path);
        if (failure) return failure;
        const slug = `${owner}/${body.name}`;
        if (this.repositories.has(slug)) {
          return HttpResponse.json(
            basicError('Repository creation failed.', 422),
            { status: 422 },
          );
        }
        this.addRepository(slug, { description: body.description });
        return HttpResponse.json(
          this.repositoryBody(owner, body.name, this.repositories.get(slug)!),
          { status: 201 },
        );
      };
    const repoOf = (params: any) =>
      this.repositories.get(`${params.owner}/${params.repo}`);

    return [
      http.get(`${GITHUB_API}/users/:username`, async ({ request, params }) => {
        await record(request, new URL(request.url).pathname);
        const type = this.accounts.get(params.username as string) ?? 'User';
        return HttpResponse.json({
          ...openApiExample('get', '/users/{username}'),
          login: params.username,
          type,
        });
      }),
      http.post(
        `${GITHUB_API}/orgs/:org/repos`,
        create(p => p.org),
      ),
      http.post(
        `${GITHUB_API}/user/repos`,
        create(() => 'octocat'),
      ),
      http.get(
        `${GITHUB_API}/repos/:owner/:repo`,
        async ({ request, params }) => {
          await record(request, new URL(request.url).pathname);
          const r = repoOf(params);
          return r
            ? HttpResponse.json(
                this.repositoryBody(
                  params.owner as string,
                  params.repo as string,
                  r,
                ),
              )
            : notFound();
        },
      ),
      http.get(
        `${GITHUB_API}/repos/:owner/:repo/branches/*`,
        async ({ request, params }) => {
          const path = new URL(request.url).pathname;
          await record(request, path);
          const r = repoOf(params);
          const name = decodeURIComponent(path.split('/branches/')[1]);
          const branch = r?.branches.get(name);
          if (!branch) {
            return HttpResponse.json(basicError('Branch not found', 404), {
              status: 404,
            });
          }
          return HttpResponse.json({
            name,
            commit: {
              sha: branch.commitSha,
              commit: { tree: { sha: branch.treeSha } },
            },
          });
        },
      ),
      http.post(
        `${GITHUB_API}/repos/:owner/:repo/git/blobs`,
        async ({ request }) => {
          const path = new URL(request.url).pathname;
          await record(request, path);
          const body = await request.json();
          return HttpResponse.json(
            { sha: this.blobSha(Buffer.from((body as any).content, 'base64')) },
            { status: 201 },
          );
        },
      ),
      http.post(
        `${GITHUB_API}/repos/:owner/:repo/git/trees`,
        async ({ request }) => {
          await record(request, new URL(request.url).pathname);
          const body: any = await request.json();
          const files = new Map(this.trees.get(body.base_tree) ?? []);
          for (const entry of body.tree) files.set(entry.path, entry.sha);
          return HttpResponse.json(
            { sha: this.storeTree(files) },
            { status: 201 },
          );
        },
      ),
      http.post(
        `${GITHUB_API}/repos/:owner/:repo/git/commits`,
        async ({ request }) => {
          await record(request, new URL(request.url).pathname);
          const body: any = await request.json();
          const sha = sha1(`commit ${body.tree} ${body.parents.join(' ')}`);
          this.commits.set(sha, body.tree);
          return HttpResponse.json(
            { sha, tree: { sha: body.tree } },
            { status: 201 },
          );
        },
      ),
      http.post(
        `${GITHUB_API}/repos/:owner/:repo/git/refs`,
        async ({ request, params }) => {
          await record(request, new URL(request.url).pathname);
          const body: any = await request.json();
          repoOf(params)!.branches.set(body.ref.replace('refs/heads/', ''), {
            commitSha: body.sha,
            treeSha: this.commits.get(body.sha)!,
          });
          return HttpResponse.json({ ref: body.ref }, { status: 201 });
        },
      ),
      http.get(
        `${GITHUB_API}/repos/:owner/:repo/pulls`,
        async ({ request, params }) => {
          await record(request, new URL(request.url).pathname);
          const head = new URL(request.url).searchParams.get('head');
          return HttpResponse.json(
            this.pulls
              .filter(
                p =>
                  p.owner === params.owner &&
                  p.repo === params.repo &&
                  `${p.owner}:${p.head}` === head,
              )
              .map(p => ({ html_url: p.url })),
          );
        },
      ),
      http.post(
        `${GITHUB_API}/repos/:owner/:repo/pulls`,
        async ({ request, params }) => {
          const path = new URL(request.url).pathname;
          await record(request, path);
          const body: any = await request.json();
          const url = `https://github.com/${params.owner}/${params.repo}/pull/${
            this.pulls.length + 1
          }`;
          this.pulls.push({
            owner: params.owner as string,
            repo: params.repo as string,
            head: body.head,
            url,
          });
          return HttpResponse.json({ html_url: url }, { status: 201 });
        },
      ),
    ];
  }
}
