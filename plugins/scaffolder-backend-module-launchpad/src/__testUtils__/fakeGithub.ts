import { http, HttpResponse, JsonBodyType } from 'msw';
import sodium from 'libsodium-wrappers';
import { basicError, openApiExample } from './githubOpenApi';

export const GITHUB_API = 'https://api.github.com';

type Protection = {
  contexts: string[];
  strict: boolean;
  reviews: number;
  dismissStale: boolean;
  codeOwners: boolean;
  enforceAdmins: boolean;
};

type Environment = {
  waitTimer: number;
  reviewers: { type: 'User' | 'Team'; id: number }[];
  preventSelfReview: boolean;
  policy: {
    protected_branches: boolean;
    custom_branch_policies: boolean;
  } | null;
  branchPolicies: string[];
};

type Hook = {
  id: number;
  url: string;
  events: string[];
  active: boolean;
  content_type: string;
  insecure_ssl: string;
  secret?: string;
};

const USER_IDS: Record<string, number> = { octocat: 1, hubot: 2, monalisa: 3 };
const TEAM_IDS: Record<string, number> = {
  payments: 101,
  platform: 102,
  orders: 103,
};

/**
 * An in-memory GitHub repository behind msw handlers. Bodies are GitHub's
 * documented example responses with the fields this repository's state decides
 * filled in.
 */
export class FakeGithub {
  owner = 'acme';
  repo = 'payments-api';
  /** How many GET /repos/{owner}/{repo} answer 404 first, as right after creation. */
  notFoundLookups = 0;
  /** A private repository on the free plan: branch protection is refused. */
  freePlan = false;
  /** Per "METHOD /path-template": a status and message to answer instead. */
  failures = new Map<
    string,
    { status: number; message: string; times?: number }
  >();

  protection: Protection | undefined;
  environments = new Map<string, Environment>();
  variables = new Map<string, string>();
  secrets = new Map<string, string>();
  teams = new Map<string, string>();
  topics: string[] = ['existing-topic'];
  hooks: Hook[] = [];

  requests: {
    method: string;
    path: string;
    authorization?: string;
    body?: any;
  }[] = [];
  keyPair!: { publicKey: Uint8Array; privateKey: Uint8Array };

  async init() {
    await sodium.ready;
    this.keyPair = sodium.crypto_box_keypair();
    return this;
  }

  get writes() {
    return this.requests.filter(r => r.method !== 'GET');
  }

  unseal(sealedBase64: string): string {
    const opened = sodium.crypto_box_seal_open(
      sodium.from_base64(sealedBase64, sodium.base64_variants.ORIGINAL),
      this.keyPair.publicKey,
      this.keyPair.privateKey,
    );
    return sodium.to_string(opened);
  }

  handlers() {
    const json = (body: JsonBodyType, status = 200) =>
      HttpResponse.json(body, { status });
    const notFound = (message = 'Not Found') =>
      json(basicError(message, 404), 404);
    /** What a create or update webhook request sets, apart from `active`. */
    const hookSettings = (body: any) => ({
      url: body.config.url,
      events: body.events,
      content_type: body.config.content_type,
      insecure_ssl: body.config.insecure_ssl,
      secret: body.config.secret,
    });
    type Resolver = (info: {
      params: Record<string, any>;
      body: any;
      /** GitHub's documented example response of this route, to fill in. */
      documentedExample: (status?: string, exampleName?: string) => any;
    }) => Response | Promise<Response>;
    const route = (
      method: 'get' | 'put' | 'post' | 'patch',
      template: string,
      resolve: Resolver,
    ) =>
      http[method](
        `${GITHUB_API}${template.replace(/\{(\w+)\}/g, ':$1')}`,
        async ({ request, params }) => {
          const body =
            method === 'get'
              ? undefined
              : await request
                  .clone()
                  .json()
                  .catch(() => undefined);
          const path = new URL(request.url).pathname;
          this.requests.push({
            method: method.toUpperCase(),
            path,
            authorization: request.headers.get('authorization') ?? undefined,
            body,
          });
          const failure = this.failures.get(
            `${method.toUpperCase()} ${template}`,
          );
          if (failure && (failure.times === undefined || failure.times > 0)) {
            if (failure.times !== undefined) failure.times--;
            return HttpResponse.json(
              basicError(failure.message, failure.status),
              { status: failure.status },
            );
          }
          if (
            params.owner &&
            (params.owner !== this.owner || params.repo !== this.repo)
          ) {
            return notFound();
          }
          return resolve({
            params,
            body,
            documentedExample: (status, exampleName) =>
              openApiExample(method, template, status, exampleName),
          });
        },
      );
    return [
      route('get', '/repos/{owner}/{repo}', ({ documentedExample }) => {
        if (this.notFoundLookups > 0) {
          this.notFoundLookups--;
          return notFound();
        }
        const repo = documentedExample();
        Object.assign(repo, {
          name: this.repo,
          full_name: `${this.owner}/${this.repo}`,
          default_branch: 'main',
          private: true,
        });
        repo.owner.login = this.owner;
        return json(repo);
      }),

      route(
        'get',
        '/repos/{owner}/{repo}/branches/{branch}/protection',
        ({ params, documentedExample }) => {
          if (this.freePlan) {
            return json(
              basicError(
                'Upgrade to GitHub Pro or make this repository public to enable this feature.',
                403,
              ),
              403,
            );
          }
          if (params.branch !== 'main') return notFound('Branch not found');
          if (!this.protection) return notFound('Branch not protected');
          const p = this.protection;
          const body = documentedExample();
          body.required_status_checks.contexts = p.contexts;
          body.required_status_checks.strict = p.strict;
          body.required_pull_request_reviews.required_approving_review_count =
            p.reviews;
          body.required_pull_request_reviews.dismiss_stale_reviews =
            p.dismissStale;
          body.required_pull_request_reviews.require_code_owner_reviews =
            p.codeOwners;
          body.enforce_admins.enabled = p.enforceAdmins;
          return json(body);
        },
      ),
      route(
        'put',
        '/repos/{owner}/{repo}/branches/{branch}/protection',
        ({ body, documentedExample }) => {
          this.protection = {
            contexts: body.required_status_checks?.contexts ?? [],
            strict: body.required_status_checks?.strict ?? false,
            reviews:
              body.required_pull_request_reviews
                ?.required_approving_review_count ?? 0,
            dismissStale:
              body.required_pull_request_reviews?.dismiss_stale_reviews ??
              false,
            codeOwners:
              body.required_pull_request_reviews?.require_code_owner_reviews ??
              false,
            enforceAdmins: body.enforce_admins ?? false,
          };
          return json(documentedExample());
        },
      ),

      route('get', '/users/{username}', ({ params, documentedExample }) => {
        const id = USER_IDS[params.username];
        if (!id) return notFound();
        const user = documentedExample();
        Object.assign(user, { login: params.username, id });
        return json(user);
      }),
      route(
        'get',
        '/orgs/{org}/teams/{team_slug}',
        ({ params, documentedExample }) => {
          const id = TEAM_IDS[params.team_slug];
          if (params.org !== this.owner || !id) return notFound();
          const team = documentedExample();
          Object.assign(team, {
            slug: params.team_slug,
            id,
            name: params.team_slug,
          });
          return json(team);
        },
      ),

      route(
        'get',
        '/repos/{owner}/{repo}/environments/{environment_name}',
        ({ params, documentedExample }) => {
          const env = this.environments.get(params.environment_name);
          if (!env) return notFound();
          const body = documentedExample();
          const [waitRule, reviewerRule] = body.protection_rules;
          const [userExample, teamExample] = reviewerRule.reviewers;
          body.name = params.environment_name;
          body.protection_rules = [
            ...(env.waitTimer
              ? [{ ...waitRule, wait_timer: env.waitTimer }]
              : []),
            ...(env.reviewers.length
              ? [
                  {
                    ...reviewerRule,
                    prevent_self_review: env.preventSelfReview,
                    reviewers: env.reviewers.map(r => {
                      const example =
                        r.type === 'User' ? userExample : teamExample;
                      return {
                        type: r.type,
                        reviewer: { ...example.reviewer, id: r.id },
                      };
                    }),
                  },
                ]
              : []),
          ];
          body.deployment_branch_policy = env.policy;
          return json(body);
        },
      ),
      route(
        'put',
        '/repos/{owner}/{repo}/environments/{environment_name}',
        ({ params, body, documentedExample }) => {
          const existing = this.environments.get(params.environment_name);
          this.environments.set(params.environment_name, {
            waitTimer: body?.wait_timer ?? 0,
            reviewers: body?.reviewers ?? [],
            preventSelfReview: body?.prevent_self_review ?? false,
            policy: body?.deployment_branch_policy ?? null,
            branchPolicies: existing?.branchPolicies ?? [],
          });
          const env = documentedExample();
          env.name = params.environment_name;
          return json(env);
        },
      ),
      route(
        'get',
        '/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies',
        ({ params, documentedExample }) => {
          const env = this.environments.get(params.environment_name);
          if (!env) return notFound();
          const body = documentedExample();
          const [example] = body.branch_policies;
          body.branch_policies = env.branchPolicies.map((name, i) => ({
            ...example,
            id: i + 1,
            name,
          }));
          body.total_count = env.branchPolicies.length;
          return json(body);
        },
      ),
      route(
        'post',
        '/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies',
        ({ params, body, documentedExample }) => {
          const env = this.environments.get(params.environment_name);
          if (!env) return notFound();
          env.branchPolicies.push(body.name);
          const policy = documentedExample('200', 'example-single-branch');
          policy.name = body.name;
          return json(policy);
        },
      ),

      route(
        'get',
        '/repos/{owner}/{repo}/actions/variables/{name}',
        ({ params, documentedExample }) => {
          const value = this.variables.get(params.name);
          if (value === undefined) return notFound();
          const variable = documentedExample();
          Object.assign(variable, { name: params.name, value });
          return json(variable);
        },
      ),
      route(
        'post',
        '/repos/{owner}/{repo}/actions/variables',
        ({ body, documentedExample }) => {
          this.variables.set(body.name, body.value);
          return json(documentedExample('201'), 201);
        },
      ),
      route(
        'patch',
        '/repos/{owner}/{repo}/actions/variables/{name}',
        ({ params, body }) => {
          this.variables.set(params.name, body.value);
          return new HttpResponse(null, { status: 204 });
        },
      ),

      route(
        'get',
        '/repos/{owner}/{repo}/actions/secrets/public-key',
        ({ documentedExample }) => {
          const key = documentedExample();
          // The documented example key is not a real curve25519 key; use one we can open.
          key.key = sodium.to_base64(
            this.keyPair.publicKey,
            sodium.base64_variants.ORIGINAL,
          );
          return json(key);
        },
      ),
      route(
        'get',
        '/repos/{owner}/{repo}/actions/secrets/{secret_name}',
        ({ params, documentedExample }) => {
          if (!this.secrets.has(params.secret_name)) return notFound();
          const secret = documentedExample();
          secret.name = params.secret_name;
          return json(secret);
        },
      ),
      route(
        'put',
        '/repos/{owner}/{repo}/actions/secrets/{secret_name}',
        ({ params, body, documentedExample }) => {
          const existed = this.secrets.has(params.secret_name);
          this.secrets.set(params.secret_name, body.encrypted_value);
          return existed
            ? new HttpResponse(null, { status: 204 })
            : json(documentedExample('201'), 201);
        },
      ),

      route('get', '/repos/{owner}/{repo}/teams', ({ documentedExample }) => {
        const [example] = documentedExample();
        return json(
          [...this.teams].map(([slug, permission]) => ({
            ...example,
            id: TEAM_IDS[slug] ?? 999,
            slug,
            name: slug,
            permission,
          })),
        );
      }),
      route(
        'put',
        '/orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}',
        ({ params, body }) => {
          if (!TEAM_IDS[params.team_slug]) return notFound();
          this.teams.set(params.team_slug, body.permission);
          return new HttpResponse(null, { status: 204 });
        },
      ),

      route('get', '/repos/{owner}/{repo}/topics', ({ documentedExample }) => {
        const body = documentedExample();
        body.names = [...this.topics];
        return json(body);
      }),
      route(
        'put',
        '/repos/{owner}/{repo}/topics',
        ({ body, documentedExample }) => {
          this.topics = body.names;
          const topic = documentedExample();
          topic.names = [...this.topics];
          return json(topic);
        },
      ),

      route('get', '/repos/{owner}/{repo}/hooks', ({ documentedExample }) => {
        const [example] = documentedExample();
        return json(this.hooks.map(h => this.hookBody(example, h)));
      }),
      route(
        'post',
        '/repos/{owner}/{repo}/hooks',
        ({ body, documentedExample }) => {
          const hook: Hook = {
            id: 1000 + this.hooks.length,
            ...hookSettings(body),
            active: body.active ?? true,
          };
          this.hooks.push(hook);
          return json(this.hookBody(documentedExample('201'), hook), 201);
        },
      ),
      route(
        'patch',
        '/repos/{owner}/{repo}/hooks/{hook_id}',
        ({ params, body, documentedExample }) => {
          const hook = this.hooks.find(h => h.id === Number(params.hook_id));
          if (!hook) return notFound();
          Object.assign(hook, { ...hookSettings(body), active: body.active });
          return json(this.hookBody(documentedExample(), hook));
        },
      ),
    ];
  }

  private hookBody(example: any, hook: Hook) {
    return {
      ...example,
      id: hook.id,
      active: hook.active,
      events: hook.events,
      config: {
        ...example.config,
        url: hook.url,
        content_type: hook.content_type,
        insecure_ssl: hook.insecure_ssl,
        // GitHub masks a configured secret.
        ...(hook.secret ? { secret: '********' } : {}),
      },
    };
  }
}
