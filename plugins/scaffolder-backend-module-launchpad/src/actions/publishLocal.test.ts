import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'yaml';
import { createPublishLocalAction } from './publishLocal';
import { examples } from './publishLocal.examples';

const gitLog = (dir: string, format: string) =>
  execFileSync('git', ['-C', dir, 'log', `--format=${format}`], {
    encoding: 'utf8',
  }).trim();

const currentBranch = (dir: string) =>
  execFileSync('git', ['-C', dir, 'rev-parse', '--abbrev-ref', 'HEAD'], {
    encoding: 'utf8',
  }).trim();

describe('launchpad:publish:local', () => {
  const mockDir = createMockDirectory();
  const baseDirectory = () => mockDir.resolve('repositories');
  const workspacePath = () => mockDir.resolve('workspace');

  const makeAction = (extra: object = {}) =>
    createPublishLocalAction({
      config: new ConfigReader({
        launchpad: {
          publish: { local: { enabled: true, baseDirectory: baseDirectory() } },
        },
        ...extra,
      }),
    });

  const makeContext = (input: Record<string, unknown>, taskId = 'first-task') =>
    createMockActionContext({
      input: input as any,
      workspacePath: workspacePath(),
      task: { id: taskId },
    });

  beforeEach(() => {
    mockDir.clear();
    mockDir.setContent({
      workspace: {
        'catalog-info.yaml':
          'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments-api\nspec:\n  type: service\n  lifecycle: experimental\n  owner: team-a\n',
        'README.md': '# payments-api\n',
        '.gitignore': 'node_modules/\n',
        node_modules: { 'ignored.js': 'ignored' },
        src: { 'index.ts': 'export {};\n' },
        service: { 'main.py': 'print("hi")\n' },
      },
    });
  });

  it('creates a real git repository with one commit by the configured author', async () => {
    const action = createPublishLocalAction({
      config: new ConfigReader({
        launchpad: {
          publish: { local: { enabled: true, baseDirectory: baseDirectory() } },
        },
        scaffolder: {
          defaultAuthor: { name: 'Launchpad Bot', email: 'bot@launchpad.test' },
          defaultCommitMessage: 'Scaffolded by Launchpad',
        },
      }),
    });
    const ctx = makeContext({ repoName: 'payments-api' });
    await action.handler(ctx);

    const repoDir = path.join(baseDirectory(), 'payments-api');
    expect(gitLog(repoDir, '%an <%ae>|%cn <%ce>|%s')).toBe(
      'Launchpad Bot <bot@launchpad.test>|Launchpad Bot <bot@launchpad.test>|Scaffolded by Launchpad',
    );
    const tracked = execFileSync('git', ['-C', repoDir, 'ls-files'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    expect(tracked.sort()).toEqual(
      [
        '.gitignore',
        'README.md',
        'catalog-info.yaml',
        'service/main.py',
        'src/index.ts',
      ].sort(),
    );
    expect(
      execFileSync('git', ['-C', repoDir, 'status', '--porcelain'], {
        encoding: 'utf8',
      }).trim(),
    ).toBe('');
    expect(currentBranch(repoDir)).toBe('main');

    const hash = gitLog(repoDir, '%H');
    expect(ctx.output).toHaveBeenCalledWith('commitHash', hash);
    expect(ctx.output).toHaveBeenCalledWith('localPath', repoDir);
    expect(ctx.output).toHaveBeenCalledWith('defaultBranch', 'main');
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
    expect(fileURLToPath(outputs.remoteUrl)).toBe(repoDir);
    expect(fileURLToPath(outputs.repoContentsUrl)).toBe(repoDir);
    expect(
      fs.readFileSync(fileURLToPath(outputs.catalogInfoUrl), 'utf8'),
    ).toContain('name: payments-api');

    // The remote URL is something git itself can clone.
    const clone = mockDir.resolve('clone');
    execFileSync('git', ['clone', '--quiet', outputs.remoteUrl, clone]);
    expect(fs.readFileSync(path.join(clone, 'README.md'), 'utf8')).toBe(
      '# payments-api\n',
    );
    // No staging directory is left behind.
    expect(fs.readdirSync(baseDirectory())).toEqual(['payments-api']);
  });

  it('defaults the author to the scaffolder defaults', async () => {
    const ctx = makeContext({ repoName: 'svc' });
    await makeAction().handler(ctx);
    expect(gitLog(path.join(baseDirectory(), 'svc'), '%an <%ae>|%s')).toBe(
      'Scaffolder <scaffolder@backstage.io>|Initial commit',
    );
  });

  it('refuses a repository that already exists with other files, leaving it untouched', async () => {
    await makeAction().handler(makeContext({ repoName: 'svc' }));
    const before = gitLog(path.join(baseDirectory(), 'svc'), '%H');
    fs.writeFileSync(path.join(workspacePath(), 'README.md'), '# other\n');
    await expect(
      makeAction().handler(makeContext({ repoName: 'svc' }, 'another-task')),
    ).rejects.toThrow(
      "A repository named 'svc' already exists and holds other files; choose another name. Nothing was created.",
    );
    expect(gitLog(path.join(baseDirectory(), 'svc'), '%H')).toBe(before);
  });

  it('treats a repository with exactly the same files as already published (a task started over)', async () => {
    const first = makeContext({ repoName: 'svc' });
    await makeAction().handler(first);
    const before = gitLog(path.join(baseDirectory(), 'svc'), '%H');
    const second = makeContext({ repoName: 'svc' }, 'started-over');
    await makeAction().handler(second);
    expect(gitLog(path.join(baseDirectory(), 'svc'), '%H')).toBe(before);
    expect(second.output).toHaveBeenCalledWith('commitHash', before);
  });

  it.each([
    ['../escape'],
    ['..'],
    ['.'],
    ['a/b'],
    ['a\\b'],
    ['/etc'],
    ['.hidden'],
    [''],
    ['x'.repeat(101)],
  ])(
    'refuses the repository name %j before touching the disk',
    async repoName => {
      await expect(
        makeAction().handler(makeContext({ repoName })),
      ).rejects.toThrow(/repoName/);
      expect(fs.existsSync(baseDirectory())).toBe(false);
      expect(fs.existsSync(mockDir.resolve('escape'))).toBe(false);
    },
  );

  it('refuses a sourcePath or catalogInfoPath that escapes', async () => {
    await expect(
      makeAction().handler(
        makeContext({ repoName: 'svc', sourcePath: '../..' }),
      ),
    ).rejects.toThrow(/sourcePath/);
    await expect(
      makeAction().handler(
        makeContext({ repoName: 'svc', catalogInfoPath: '../../etc/passwd' }),
      ),
    ).rejects.toThrow(/catalogInfoPath/);
    await expect(
      makeAction().handler(
        makeContext({ repoName: 'svc', gitAuthorEmail: 'nope' }),
      ),
    ).rejects.toThrow(/gitAuthorEmail/);
    expect(fs.existsSync(baseDirectory())).toBe(false);
  });

  it('is disabled unless launchpad.publish.local.enabled is true', async () => {
    const action = createPublishLocalAction({ config: new ConfigReader({}) });
    await expect(
      action.handler(makeContext({ repoName: 'svc' })),
    ).rejects.toThrow(/launchpad.publish.local.enabled/);
  });

  it('reports the plan in dry run without writing anything', async () => {
    const ctx = { ...makeContext({ repoName: 'svc' }), isDryRun: true };
    await makeAction().handler(ctx);
    expect(fs.existsSync(baseDirectory())).toBe(false);
    expect(ctx.output).toHaveBeenCalledWith(
      'localPath',
      path.join(baseDirectory(), 'svc'),
    );
    expect(ctx.output).not.toHaveBeenCalledWith(
      'commitHash',
      expect.anything(),
    );
  });

  it('does the work inside a checkpoint, so a retried task reuses the result', async () => {
    const stored = new Map<string, any>();
    const checkpoint = jest.fn(async ({ key, fn }: any) => {
      if (!stored.has(key)) stored.set(key, await fn());
      return stored.get(key);
    });
    const first = { ...makeContext({ repoName: 'svc' }), checkpoint };
    await makeAction().handler(first);
    // A retry after the repository was created must not fail with "already exists".
    const retry = { ...makeContext({ repoName: 'svc' }), checkpoint };
    await makeAction().handler(retry);
    expect(checkpoint).toHaveBeenCalledWith(
      expect.objectContaining({ key: 'launchpad.publish.local.svc' }),
    );
    expect(retry.output).toHaveBeenCalledWith(
      'commitHash',
      gitLog(path.join(baseDirectory(), 'svc'), '%H'),
    );
  });

  describe('examples', () => {
    it.each(examples.map(e => [e.description, e]))(
      'runs: %s',
      async (_d, example) => {
        const steps = yaml
          .parse(example.example)
          .steps.filter((s: any) => s.action === 'launchpad:publish:local');
        expect(steps.length).toBeGreaterThan(0);
        for (const step of steps) {
          const ctx = makeContext(step.input);
          await makeAction().handler(ctx);
          const repoDir = path.join(baseDirectory(), step.input.repoName);
          const branch = step.input.defaultBranch ?? 'main';
          expect(currentBranch(repoDir)).toBe(branch);
          expect(gitLog(repoDir, '%s|%an')).toBe(
            `${step.input.gitCommitMessage ?? 'Initial commit'}|${
              step.input.gitAuthorName ?? 'Scaffolder'
            }`,
          );
          expect(fs.existsSync(path.join(repoDir, 'catalog-info.yaml'))).toBe(
            !step.input.sourcePath,
          );
        }
      },
    );
  });
});
