import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { REQUIRED_ANNOTATIONS, validateComponent } from './checks/catalog';
import { dashboardTypeErrors } from './checks/dashboard';
import { run } from './checks/run';
import {
  formatProblems,
  Module,
  moduleProblems,
  parseModule,
  resourceAddresses,
  textProblems,
} from './checks/terraform';
import {
  actionlint,
  parseWorkflow,
  runScripts,
  workflowProblems,
} from './checks/workflows';
import {
  discoverTemplates,
  Rendered,
  Renderer,
  startRenderer,
  TEMPLATES_DIR,
} from './renderTemplate';
import { onGithub, SAMPLE_ANSWERS } from './sampleAnswers';

// Renders every template in templates/ through the scaffolder's dry run and
// checks what a team would receive. Needs promtool and shellcheck (Debian's
// prometheus and shellcheck packages), npm registry access for the generated
// TypeScript projects, and Debian's python3-fastapi, python3-prometheus-client,
// python3-pytest and python3-httpx for the generated Python service.

jest.setTimeout(300_000);

const TEMPLATES = fs
  .readdirSync(TEMPLATES_DIR)
  .filter(n => n.endsWith('.yaml'))
  .sort();

type TemplateEntity = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    title?: string;
    description?: string;
    tags?: string[];
  };
  spec: {
    parameters: { properties?: Record<string, any>; required?: string[] }[];
    steps: { id: string; action: string; input?: Record<string, any> }[];
  };
};

const readTemplate = (file: string): TemplateEntity =>
  yaml.parse(fs.readFileSync(path.join(TEMPLATES_DIR, file), 'utf8'));
const isDay2 = (file: string) =>
  readTemplate(file).metadata.tags?.includes('day-2') ?? false;
const properties = (t: TemplateEntity) =>
  Object.assign({}, ...t.spec.parameters.map(p => p.properties ?? {}));

let renderer: Renderer;
const rendered = new Map<string, Rendered>();
const output = (file: string) => {
  const result = rendered.get(file);
  if (!result) throw new Error(`${file} did not render (see beforeAll)`);
  return result;
};
const read = (file: string, relative: string) =>
  fs.readFileSync(path.join(output(file).dir, relative), 'utf8');
const filesMatching = (file: string, pattern: RegExp) =>
  output(file).files.filter(f => pattern.test(f));

beforeAll(async () => {
  renderer = await startRenderer();
  for (const file of TEMPLATES) {
    const answers = SAMPLE_ANSWERS[file];
    if (!answers)
      throw new Error(`test/templates has no sample answers for ${file}`);
    rendered.set(file, await renderer.render(file, answers));
  }
});

afterAll(async () => {
  await renderer?.stop();
});

describe('the template collection', () => {
  it('discovers every template and has sample answers for each', async () => {
    expect(await discoverTemplates()).toEqual(TEMPLATES);
    expect(TEMPLATES.length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(SAMPLE_ANSWERS).sort()).toEqual(TEMPLATES);
  });

  it.each(TEMPLATES)('%s is a titled scaffolder v1beta3 Template', file => {
    const t = readTemplate(file);
    expect(t.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
    expect(t.kind).toBe('Template');
    expect(t.metadata.name).toBe(path.basename(file, '.yaml'));
    expect(t.metadata.title).toBeTruthy();
    expect(t.metadata.description!.length).toBeGreaterThan(40);
  });

  it('new-service templates ask the same questions with the same fields', () => {
    const services = TEMPLATES.filter(f => !isDay2(f));
    expect(services.length).toBeGreaterThanOrEqual(3);
    const reference = properties(readTemplate(services[0]));
    expect(reference.name['ui:field']).toBe('LaunchpadServiceName');
    expect(reference.owner['ui:field']).toBe('OwnerPicker');
    expect(reference.owner['ui:options'].catalogFilter.kind).toBe('Group');
    expect(reference.system['ui:field']).toBe('EntityPicker');
    expect(reference.repoLocation['ui:field']).toBe('LaunchpadRepoLocation');
    for (const file of services) {
      const props = properties(readTemplate(file));
      for (const field of [
        'name',
        'description',
        'owner',
        'system',
        'repoLocation',
        'awsAccountId',
        'awsRegion',
        'environments',
        'onCall',
        'availabilityObjective',
        'latencyObjectiveMs',
        'latencyObjective',
      ]) {
        // Same name, type, widget, rules and defaults; the wording may fit the template.
        const { description: _d, ...shape } = props[field] ?? {};
        const { description: _r, ...expected } = reference[field];
        expect({ file, field, shape }).toEqual({
          file,
          field,
          shape: expected,
        });
        expect(props[field].description?.length).toBeGreaterThan(20);
      }
    }
  });

  it('templates compose the shared layers with fetch:template instead of copying them', () => {
    const contents = (dir: string) =>
      listFiles(dir).map(f => fs.readFileSync(path.join(dir, f), 'utf8'));
    const layerContents = new Set(
      fs
        .readdirSync(path.join(TEMPLATES_DIR, 'layers'))
        .flatMap(layer => contents(path.join(TEMPLATES_DIR, 'layers', layer))),
    );
    for (const file of TEMPLATES) {
      const urls = readTemplate(file)
        .spec.steps.filter(s => s.action === 'fetch:template')
        .map(s => s.input?.url);
      for (const layer of ['ci', 'terraform', 'monitoring']) {
        expect({ file, urls }).toEqual({
          file,
          urls: expect.arrayContaining([`./layers/${layer}`]),
        });
      }
    }
    for (const skeleton of fs.readdirSync(
      path.join(TEMPLATES_DIR, 'skeletons'),
    )) {
      const dir = path.join(TEMPLATES_DIR, 'skeletons', skeleton);
      const copied = listFiles(dir).filter(f =>
        layerContents.has(fs.readFileSync(path.join(dir, f), 'utf8')),
      );
      expect({ skeleton, copied }).toEqual({ skeleton, copied: [] });
    }
  });

  it('the portal registers every template', () => {
    for (const config of ['app-config.yaml', 'app-config.production.yaml']) {
      const parsed = yaml.parse(
        fs.readFileSync(path.join(TEMPLATES_DIR, '..', config), 'utf8'),
      );
      const targets: string[] = parsed.catalog.locations.map(
        (l: { target: string }) => l.target,
      );
      expect(targets).toContain('../../templates/*.yaml');
    }
  });
});

/** Fails with the command's own output, so the reason is in the test report. */
function expectSuccess(what: string, result: { code: number; output: string }) {
  if (result.code !== 0) {
    throw new Error(`${what} exited with ${result.code}:\n${result.output}`);
  }
}

function parseProblems(f: string, text: string): string[] {
  if (f.endsWith('.json')) {
    try {
      JSON.parse(text);
      return [];
    } catch (e) {
      return [`${f}: ${(e as Error).message}`];
    }
  }
  return yaml
    .parseAllDocuments(text)
    .flatMap(doc => doc.errors.map(e => `${f}: ${e.message}`));
}

function listFiles(root: string, dir = ''): string[] {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap(e =>
      e.isDirectory()
        ? listFiles(root, path.join(dir, e.name))
        : [path.join(dir, e.name)],
    );
}

describe.each(TEMPLATES)('%s renders a repository that', file => {
  it('contains the pipeline, the infrastructure, the monitoring and its docs', () => {
    const expected = [
      '.github/workflows/ci.yaml',
      'infra/shared/main.tf',
      'infra/service/main.tf',
      'monitoring/slo-rules.yaml',
      'monitoring/slo-rules.test.yaml',
      'monitoring/dashboard.json',
      ...(isDay2(file)
        ? ['docs/launchpad-layers.md']
        : [
            'catalog-info.yaml',
            'mkdocs.yml',
            'docs/index.md',
            '.github/CODEOWNERS',
            'Dockerfile',
            'README.md',
          ]),
    ];
    expect(output(file).files).toEqual(expect.arrayContaining(expected));
  });

  it('has only YAML and JSON files that parse', () => {
    const files = filesMatching(file, /\.(ya?ml|json)$/);
    expect(files.length).toBeGreaterThan(3);
    const problems = files.flatMap(f => parseProblems(f, read(file, f)));
    expect(problems).toEqual([]);
  });

  it('has no unrendered template expressions left', () => {
    for (const f of output(file).files) {
      expect({ f, leftover: /\$\{\{\s*values\./.test(read(file, f)) }).toEqual({
        f,
        leftover: false,
      });
    }
  });

  it('has a workflow that passes actionlint and keeps the pipeline rules', async () => {
    const text = read(file, '.github/workflows/ci.yaml');
    expect(await actionlint(text)).toEqual([]);
    const workflow = parseWorkflow(text);
    expect(workflowProblems(workflow)).toEqual([]);
    const answers = SAMPLE_ANSWERS[file] as Record<string, any>;
    const deployJobs = Object.entries(workflow.jobs).filter(
      ([, j]) => j.environment,
    );
    expect(deployJobs.map(([, j]) => j.environment)).toEqual(
      answers.environments,
    );
    const uses = Object.values(workflow.jobs).flatMap(j =>
      (j.steps ?? []).map(s => s.uses?.split('@')[0]),
    );
    expect(uses).toEqual(
      expect.arrayContaining([
        'aquasecurity/trivy-action',
        'aws-actions/configure-aws-credentials',
        'aws-actions/amazon-ecr-login',
        'hashicorp/setup-terraform',
      ]),
    );
    const runs = runScripts(workflow).map(r => r.script);
    for (const command of [
      'ci/checks.sh lint',
      'ci/checks.sh test',
      'ci/checks.sh build',
      'ci/check-monitoring.sh',
      'ci/terraform.sh plan',
      'terraform fmt -check',
      'ci/report-deployment.sh',
      'ci/deploy.sh',
    ]) {
      expect(runs.some(r => r.includes(command))).toBe(true);
    }
  });

  it('has shell scripts and workflow steps that pass shellcheck', async () => {
    const scripts = filesMatching(file, /\.sh$/);
    expect(scripts.length).toBeGreaterThan(0);
    const checked = await run('shellcheck', ['--severity=style', ...scripts], {
      cwd: output(file).dir,
    });
    expect(checked.output).toBe('');
    expect(checked.code).toBe(0);
    const workflow = parseWorkflow(read(file, '.github/workflows/ci.yaml'));
    for (const { where, script } of runScripts(workflow)) {
      const result = await run('bash', [
        '-c',
        'printf "%s\\n" "$1" | shellcheck --shell=bash -',
        'sh',
        script,
      ]);
      expect({ where, output: result.output }).toEqual({ where, output: '' });
    }
  });

  it('has Terraform that parses, declares the service infrastructure and follows the rules', async () => {
    const tfFiles = filesMatching(file, /^infra\/.*\.(tf|tfvars)$/);
    const problems = tfFiles.flatMap(f => [
      ...textProblems(f, read(file, f)),
      ...formatProblems(f, read(file, f)),
    ]);
    expect(problems).toEqual([]);
    const load = (dir: string) =>
      parseModule(
        filesMatching(file, new RegExp(`^infra/${dir}/[^/]+\\.tf$`)).map(f => ({
          name: f,
          text: read(file, f),
        })),
      );
    const shared = await load('shared');
    const service = await load('service');
    const oidcRole = await load('modules/github-oidc-role');
    expect(moduleProblems('infra/shared', shared)).toEqual([]);
    expect(moduleProblems('infra/service', service)).toEqual([]);
    expect(
      moduleProblems('infra/modules/github-oidc-role', oidcRole, {
        root: false,
      }),
    ).toEqual([]);
    expect(resourceAddresses(oidcRole)).toEqual(['aws_iam_role.this']);
    expect(resourceAddresses(shared)).toEqual(
      expect.arrayContaining(['aws_ecr_repository.service']),
    );
    expect(shared.import).toEqual([
      expect.objectContaining({ to: '${aws_ecr_repository.service}' }),
    ]);
    expect(resourceAddresses(service)).toEqual(
      expect.arrayContaining([
        'aws_ecs_service.service',
        'aws_ecs_task_definition.service',
        'aws_cloudwatch_log_group.service',
        'aws_iam_role.execution',
        'aws_iam_role.task',
      ]),
    );
    // The GitHub roles: pushes from main, plans of pull requests, and a
    // deploy role per environment, each trusted for that subject only.
    const roles = (m: Module) =>
      Object.entries(m.module ?? {}).map(([name, [body]]) => ({
        name,
        source: body.source,
        subject: body.subject,
      }));
    expect(roles(shared)).toEqual(
      expect.arrayContaining([
        {
          name: 'github_push',
          source: '../modules/github-oidc-role',
          subject: 'ref:refs/heads/main',
        },
        {
          name: 'github_plan',
          source: '../modules/github-oidc-role',
          subject: 'pull_request',
        },
      ]),
    );
    expect(roles(shared)).toHaveLength(2);
    expect(roles(service)).toEqual([
      {
        name: 'deploy_role',
        source: '../modules/github-oidc-role',
        subject: 'environment:${var.environment}',
      },
    ]);
    // The parsed tfvars name only variables the module declares.
    for (const [dir, module] of [
      ['shared', shared],
      ['service', service],
    ] as const) {
      const vars = filesMatching(
        file,
        new RegExp(`^infra/${dir}/[^/]+\\.tfvars$`),
      );
      expect(vars.length).toBe(1);
      const values = (await parseModule([
        { name: vars[0], text: read(file, vars[0]) },
      ])) as Record<string, unknown>;
      for (const name of Object.keys(values)) {
        expect({
          dir,
          name,
          declared: name in (module.variable ?? {}),
        }).toEqual({
          dir,
          name,
          declared: true,
        });
      }
    }
  });

  it('has SLO rules that promtool accepts and whose unit tests pass', async () => {
    const dir = path.join(output(file).dir, 'monitoring');
    const check = await run('promtool', ['check', 'rules', 'slo-rules.yaml'], {
      cwd: dir,
    });
    expect(check.output).toContain('SUCCESS');
    expect(check.code).toBe(0);
    const tested = await run(
      'promtool',
      ['test', 'rules', 'slo-rules.test.yaml'],
      { cwd: dir },
    );
    expect(tested.output).toContain('SUCCESS');
    expect(tested.code).toBe(0);
    // The generated repository's own check runs the same, plus the dashboard.
    expectSuccess(
      'ci/check-monitoring.sh',
      await run('bash', ['ci/check-monitoring.sh'], { cwd: output(file).dir }),
    );
    const rules = yaml.parse(read(file, 'monitoring/slo-rules.yaml'));
    const records = rules.groups
      .flatMap((g: any) => g.rules.map((r: any) => r.record))
      .filter(Boolean);
    for (const name of [
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate2h',
      'slo:sli_error:ratio_rate6h',
      'slo:sli_error:ratio_rate1d',
      'slo:sli_error:ratio_rate3d',
      'slo:objective:ratio',
      'slo:error_budget:ratio',
      'slo:current_burn_rate:ratio',
      'slo:period_error_budget_remaining:ratio',
    ]) {
      expect(records).toContain(name);
    }
    const answers = SAMPLE_ANSWERS[file] as Record<string, any>;
    const budget = Number(
      ((100 - answers.availabilityObjective) / 100).toFixed(6),
    );
    expect(read(file, 'monitoring/slo-rules.yaml')).toContain(
      `slo="availability"} > (14.4 * ${budget})`,
    );
  });

  it('has a dashboard that satisfies @grafana/schema and shows rate, errors, latency, saturation and deployments', () => {
    const text = read(file, 'monitoring/dashboard.json');
    expect(dashboardTypeErrors(text)).toEqual([]);
    const dashboard = JSON.parse(text);
    const answers = SAMPLE_ANSWERS[file] as Record<string, any>;
    expect(dashboard.tags).toContain(answers.name);
    const titles = dashboard.panels
      .map((p: { title: string }) => p.title)
      .join('\n');
    for (const word of [
      /Rate/,
      /Errors/,
      /Latency percentiles/,
      /Saturation/,
      /burn rate/,
      /budget/,
    ]) {
      expect(titles).toMatch(word);
    }
    expect(dashboard.annotations.list[0].name).toBe('Deployments');
  });

  it('ends with a clone command and no link the browser refuses', () => {
    const out = output(file).output as {
      links?: { url?: string; entityRef?: string }[];
      text?: { content: string }[];
    };
    for (const link of out.links ?? []) {
      expect(link.url ?? '').not.toMatch(/^file:/);
    }
    expect(out.text?.some(t => /git clone /.test(t.content))).toBe(true);
  });
});

const NEW_SERVICES = TEMPLATES.filter(f => !isDay2(f));

describe.each(NEW_SERVICES)(
  '%s renders a new service whose catalog entry',
  file => {
    it('the catalog accepts, with the annotations the portal reads', async () => {
      const entity = yaml.parse(read(file, 'catalog-info.yaml'));
      await validateComponent(entity);
      const answers = SAMPLE_ANSWERS[file] as Record<string, any>;
      expect(entity.metadata.name).toBe(answers.name);
      expect(entity.spec.owner).toBe(answers.owner);
      expect(entity.spec.system).toBe(answers.system);
      expect(entity.spec.lifecycle).toBeTruthy();
      for (const annotation of REQUIRED_ANNOTATIONS) {
        expect({
          annotation,
          value: entity.metadata.annotations[annotation],
        }).toEqual({
          annotation,
          value: expect.any(String),
        });
      }
      const a = entity.metadata.annotations;
      expect(a['backstage.io/techdocs-ref']).toBe('dir:.');
      expect(a['prometheus.io/labels']).toBe(`service=${answers.name}`);
      expect(a['launchpad.dev/production-environments']).toBe(
        answers.environments[answers.environments.length - 1],
      );
      expect(yaml.parse(read(file, 'mkdocs.yml')).nav).toBeDefined();
      expect(read(file, '.github/CODEOWNERS')).toMatch(/^\* @\S+\/payments$/m);
    });
  },
);

it.each(NEW_SERVICES)(
  "%s's docs build with mkdocs as TechDocs builds them, fetching nothing from outside",
  async file => {
    const site = fs.mkdtempSync(path.join(output(file).dir, '..', 'site-'));
    expectSuccess(
      'mkdocs build',
      await run(
        'mkdocs',
        ['build', '--strict', '--quiet', '--site-dir', site],
        {
          cwd: output(file).dir,
        },
      ),
    );
    const page = fs.readFileSync(path.join(site, 'index.html'), 'utf8');
    const answers = SAMPLE_ANSWERS[file] as { name: string; owner: string };
    expect(page).toContain(answers.name);
    // the owner in words, not as an entity reference
    expect(page).toContain(`the ${answers.owner.split('/')[1]} team`);
    // TechDocs waits for every stylesheet: one on another host that the
    // browser cannot reach would keep the page loading
    expect(
      page.match(/<(link|script)[^>]+(href|src)="https?:\/\/[^"]+"/g),
    ).toBeNull();
  },
);

it.each(NEW_SERVICES)(
  '%s has a multi-stage Dockerfile whose image runs as an unprivileged user on port 8080',
  file => {
    const lines = read(file, 'Dockerfile')
      .split('\n')
      .map(l => l.trim())
      .filter(l => l && !l.startsWith('#'));
    const stages = lines.filter(l => /^FROM /i.test(l));
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const finalStage = lines.slice(
      lines.lastIndexOf(stages[stages.length - 1]),
    );
    const users = finalStage.filter(l => /^USER /i.test(l));
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^USER\s+(root|0)(:|$)/i);
    expect(finalStage).toContain('EXPOSE 8080');
    expect(finalStage.some(l => /^COPY --from=/i.test(l))).toBe(true);
  },
);

it.each(NEW_SERVICES)(
  '%s ends with links to the Health, Pipelines and Delivery tabs',
  file => {
    const name = (SAMPLE_ANSWERS[file] as { name: string }).name;
    const links = (output(file).output as { links: { url?: string }[] }).links;
    expect(links.map(l => l.url)).toEqual(
      expect.arrayContaining(
        ['health', 'pipelines', 'delivery'].map(
          tab => `/catalog/default/component/${name}/${tab}`,
        ),
      ),
    );
  },
);

it.each(TEMPLATES.filter(isDay2))(
  '%s leaves the existing catalog-info.yaml alone',
  file => {
    expect(output(file).files).not.toContain('catalog-info.yaml');
  },
);

describe('on a portal that publishes to GitHub', () => {
  let github: Renderer;
  beforeAll(async () => {
    github = await startRenderer({ publishTo: 'github' });
  });
  afterAll(async () => {
    await github?.stop();
  });

  it('a new service names its GitHub repository and team, configures it and links to it', async () => {
    const result = await github.render(
      'typescript-service.yaml',
      onGithub(SAMPLE_ANSWERS['typescript-service.yaml'], 'orders'),
    );
    expect(result.log.join('\n')).toMatch(/would reconcile acme\/orders\b/);
    const readFile = (f: string) =>
      fs.readFileSync(path.join(result.dir, f), 'utf8');
    const entity = yaml.parse(readFile('catalog-info.yaml'));
    expect(entity.metadata.annotations['github.com/project-slug']).toBe(
      'acme/orders',
    );
    expect(readFile('.github/CODEOWNERS')).toMatch(/^\* @acme\/payments$/m);
    expect(readFile('infra/shared/shared.tfvars')).toContain(
      'github_repository = "acme/orders"',
    );
    expect(result.log.join('\n')).toMatch(/Dry run: would reconcile/);
    expect(result.log.join('\n')).toMatch(/AWS_ACCOUNT_ID/);
    // Launchpad's webhook, to the events backend's GitHub ingress
    expect(result.log.join('\n')).toMatch(
      /would reconcile acme\/orders: .*webhook to https:\/\/launchpad\.example\.com\/api\/events\/http\/github/,
    );
    // one deployment environment per answer, protected to main
    for (const environment of (
      SAMPLE_ANSWERS['typescript-service.yaml'] as { environments: string[] }
    ).environments) {
      expect(result.log.join('\n')).toMatch(
        new RegExp(
          `would reconcile acme/orders: environment ${environment}\\.`,
        ),
      );
    }
    const links = (
      result.output as { links: { title: string; url?: string }[] }
    ).links;
    expect(links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          title: 'Repository',
          url: 'https://github.com/acme/orders',
        }),
      ]),
    );
  });

  it('a new service named like its repository and without an AWS account id renders (the variable is set later)', async () => {
    const { awsAccountId: _omitted, ...answers } = onGithub(
      SAMPLE_ANSWERS['python-service.yaml'],
      'pricing',
    ) as Record<string, unknown>;
    // As the form sends it when the repository keeps the service's name.
    answers.repoLocation = { target: 'github', owner: 'acme' };
    const result = await github.render('python-service.yaml', answers);
    expect(result.log.join('\n')).toMatch(
      /would reconcile acme\/pricing-api\b/,
    );
    expect(result.log.join('\n')).not.toMatch(/AWS_ACCOUNT_ID/);
  });

  it('the day-2 template proposes its change as a pull request', async () => {
    const result = await github.render(
      'add-launchpad-layers.yaml',
      onGithub(SAMPLE_ANSWERS['add-launchpad-layers.yaml'], 'payments'),
    );
    expect(result.log.join('\n')).toMatch(/pull request/i);
    expect(result.files).toContain('.github/workflows/ci.yaml');
  });
});

describe('generated TypeScript projects', () => {
  const typescript = TEMPLATES.filter(
    f =>
      !isDay2(f) &&
      readTemplate(f).spec.steps.some(
        s => s.input?.url === './layers/typescript-runtime',
      ),
  );
  // ci/checks.sh runs the machine's npm (the Node package in .tools has
  // none) on the first node on PATH, Node 24 under scripts/launchpad.

  it.each(typescript)(
    '%s installs, passes its lint and type check, its tests and builds through ci/checks.sh',
    async file => {
      const cwd = output(file).dir;
      // npm 11 warns about npm_config_nodedir, which only node-gyp reads.
      const { npm_config_nodedir: _nodedir, ...inherited } = process.env;
      const env = { ...inherited, NODE_ENV: 'development' };
      for (const step of ['install', 'lint', 'test', 'build']) {
        expectSuccess(
          `ci/checks.sh ${step}`,
          await run('bash', ['ci/checks.sh', step], {
            cwd,
            env,
            timeoutMs: 240_000,
          }),
        );
      }
      expect(fs.existsSync(path.join(cwd, 'dist/main.js'))).toBe(true);
    },
  );
});

describe('generated Python projects', () => {
  const python = TEMPLATES.filter(
    f =>
      !isDay2(f) &&
      readTemplate(f).spec.steps.some(
        s => s.input?.url === './skeletons/python-service',
      ),
  );

  it.each(python)(
    "%s passes its own tests with Debian's Python packages",
    async file => {
      const result = await run(
        '/usr/bin/python3',
        ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'],
        {
          cwd: output(file).dir,
          env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
        },
      );
      expectSuccess('pytest', result);
      expect(result.output).toMatch(/\d+ passed/);
    },
  );
});
