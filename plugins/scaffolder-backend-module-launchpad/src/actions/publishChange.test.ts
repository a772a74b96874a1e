import {
  createMockDirectory,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { setupServer } from 'msw/node';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createTestContext } from '../__testUtils__/actionContext';
import { FakeGithubRepositories } from '../__testUtils__/fakeGithubRepositories';
import { throttleOverrides } from '../__testUtils__/throttleOverrides';
import { createPublishChangeAction } from './publishChange';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();

const input = {
  repoName: 'svc',
  branchName: 'launchpad/golden-path',
  title: 'Add the golden path layers',
  description: 'CI, Terraform and monitoring from Launchpad.',
};

describe('launchpad:publish:change', () => {
  const mockDir = createMockDirectory();
  const baseDirectory = () => mockDir.resolve('repositories');
  const workspacePath = () => mockDir.resolve('workspace');
  const repoDir = () => path.join(baseDirectory(), 'svc');

  const run = (
    action: ReturnType<typeof createPublishChangeAction>,
    extra: Record<string, unknown>,
    options: { isDryRun?: boolean } = {},
  ) => {
    const context = createTestContext({
      input: { ...input, ...extra },
      workspacePath: workspacePath(),
      ...options,
    });
    return { ...context, done: action.handler(context.ctx) };
  };

  beforeEach(() => {
    mockDir.clear();
    mockDir.setContent({
      workspace: {
        '.github': { workflows: { 'ci.yaml': 'name: ci\n' } },
        'README.md': '# svc, with Launchpad\n',
      },
    });
  });

  describe('on a local repository', () => {
    const action = () =>
      createPublishChangeAction({
        config: new ConfigReader({
          launchpad: {
            publish: {
              target: 'local',
              local: { enabled: true, baseDirectory: baseDirectory() },
            },
          },
        }),
      });
    const local = { location: { target: 'local' } };

    beforeEach(() => {
      fs.mkdirSync(repoDir(), { recursive: true });
      fs.writeFileSync(path.join(repoDir(), 'README.md'), '# svc\n');
      fs.writeFileSync(path.join(repoDir(), 'main.py'), 'print("hi")\n');
      git(repoDir(), 'init', '-q', '-b', 'main');
      git(repoDir(), 'add', '-A');
      git(
        repoDir(),
        '-c',
        'user.name=Dev',
        '-c',
        'user.email=dev@example.com',
        'commit',
        '-qm',
        'Existing service',
      );
    });

    it("commits the workspace's files over the default branch on a new branch, leaving the checkout alone", async () => {
      const mainBefore = git(repoDir(), 'rev-parse', 'main');
      const { done, outputs, logLines } = run(action(), local);
      await done;

      const branch = input.branchName;
      expect(git(repoDir(), 'rev-parse', `${branch}^`)).toBe(mainBefore);
      expect(git(repoDir(), 'ls-tree', '-r', '--name-only', branch)).toBe(
        ['.github/workflows/ci.yaml', 'README.md', 'main.py'].join('\n'),
      );
      expect(git(repoDir(), 'show', `${branch}:README.md`)).toBe(
        '# svc, with Launchpad',
      );
      expect(git(repoDir(), 'log', '-1', '--format=%B', branch)).toBe(
        `${input.title}\n\n${input.description}`,
      );
      expect(git(repoDir(), 'rev-parse', 'main')).toBe(mainBefore);
      expect(git(repoDir(), 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
      expect(git(repoDir(), 'status', '--porcelain')).toBe('');
      expect(outputs()).toEqual({
        branchName: branch,
        cloneCommand: `git clone --branch ${branch} ${repoDir()}`,
      });
      expect(logLines().join('\n')).toContain(
        'changes 2 file(s) against main: .github/workflows/ci.yaml, README.md',
      );
    });

    it('keeps the branch an earlier run made with the same files', async () => {
      await run(action(), local).done;
      const tip = git(repoDir(), 'rev-parse', input.branchName);
      await run(action(), local).done;
      expect(git(repoDir(), 'rev-parse', input.branchName)).toBe(tip);
    });

    it('refuses a branch that exists with other changes', async () => {
      await run(action(), local).done;
      fs.writeFileSync(path.join(workspacePath(), 'README.md'), 'other\n');
      await expect(run(action(), local).done).rejects.toThrow(
        "Branch launchpad/golden-path already exists in 'svc' with other changes; choose another branch name. Nothing was created.",
      );
    });

    it('creates no branch when the repository already has every file', async () => {
      fs.rmSync(workspacePath(), { recursive: true });
      fs.mkdirSync(workspacePath());
      fs.writeFileSync(path.join(workspacePath(), 'main.py'), 'print("hi")\n');
      await run(action(), local).done;
      expect(git(repoDir(), 'branch', '--format=%(refname:short)')).toBe(
        'main',
      );
    });

    it('says plainly that the repository does not exist', async () => {
      await expect(
        run(action(), { ...local, repoName: 'missing' }).done,
      ).rejects.toThrow(
        "There is no local repository named 'missing'. Nothing was created.",
      );
    });
  });

  describe('on GitHub', () => {
    const server = setupServer();
    registerMswTestHooks(server);
    let github: FakeGithubRepositories;

    const action = () =>
      createPublishChangeAction({
        config: new ConfigReader({
          integrations: {
            github: [{ host: 'github.com', token: 'ghp_changeTOKEN' }],
          },
          launchpad: { publish: { target: 'github' } },
        }),
        throttleOverrides,
      });
    const onGithub = { location: { target: 'github', owner: 'acme' } };

    beforeEach(() => {
      github = new FakeGithubRepositories();
      server.use(...github.handlers());
      github.addRepository('acme/svc', {
        files: { 'README.md': '# svc\n', 'main.py': 'print("hi")\n' },
      });
    });

    it('opens a pull request with the files written over the default branch', async () => {
      const { done, outputs } = run(action(), onGithub);
      await done;
      expect(github.writes.map(w => `${w.method} ${w.path}`)).toEqual([
        'POST /repos/acme/svc/git/blobs',
        'POST /repos/acme/svc/git/blobs',
        'POST /repos/acme/svc/git/trees',
        'POST /repos/acme/svc/git/commits',
        'POST /repos/acme/svc/git/refs',
        'POST /repos/acme/svc/pulls',
      ]);
      const branch = github.repositories
        .get('acme/svc')!
        .branches.get(input.branchName)!;
      expect([...github.trees.get(branch.treeSha)!.keys()].sort()).toEqual([
        '.github/workflows/ci.yaml',
        'README.md',
        'main.py',
      ]);
      expect(github.writes.at(-1)!.body).toEqual({
        head: input.branchName,
        base: 'main',
        title: input.title,
        body: input.description,
      });
      expect(outputs()).toEqual({
        branchName: input.branchName,
        pullRequestUrl: 'https://github.com/acme/svc/pull/1',
        cloneCommand: `git clone --branch ${input.branchName} https://github.com/acme/svc.git`,
      });
    });

    it('reuses the branch and the open pull request of an earlier run', async () => {
      await run(action(), onGithub).done;
      github.requests = [];
      const { done, outputs } = run(action(), onGithub);
      await done;
      expect(
        github.writes.filter(w => !w.path.match(/git\/(blobs|trees)$/)),
      ).toEqual([]);
      expect(outputs().pullRequestUrl).toBe(
        'https://github.com/acme/svc/pull/1',
      );
    });

    it('opens no pull request when the default branch already has every file', async () => {
      fs.rmSync(workspacePath(), { recursive: true });
      fs.mkdirSync(workspacePath());
      fs.writeFileSync(path.join(workspacePath(), 'README.md'), '# svc\n');
      const { done, outputs } = run(action(), onGithub);
      await done;
      expect(github.pulls).toEqual([]);
      expect(outputs().pullRequestUrl).toBeUndefined();
    });
  });
});
