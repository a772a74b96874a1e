import {
  createMockDirectory,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { setupServer } from 'msw/node';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTestContext } from '../__testUtils__/actionContext';
import { FakeGithubRepositories } from '../__testUtils__/fakeGithubRepositories';
import { createPublishAction } from './publish';
import { GitPush } from './publish/githubRepository';

const TOKEN = 'ghp_publishTOKEN000000000000000000000000000';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();

/** The tree git itself computes for a directory's files: what GitHub reports for the same content. */
const treeOf = (dir: string) => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'tree-'));
  fs.cpSync(dir, copy, { recursive: true });
  git(copy, 'init', '-q');
  git(copy, 'add', '-A');
  return git(copy, 'write-tree');
};

const workspaceFiles = {
  'catalog-info.yaml':
    'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc\nspec:\n  type: service\n  lifecycle: experimental\n  owner: team-a\n',
  'README.md': '# svc\n',
  src: { 'index.ts': 'export {};\n' },
};

describe('launchpad:publish', () => {
  const mockDir = createMockDirectory();
  const baseDirectory = () => mockDir.resolve('repositories');
  const workspacePath = () => mockDir.resolve('workspace');

  beforeEach(() => {
    mockDir.clear();
    mockDir.setContent({ workspace: workspaceFiles });
  });

  const run = (
    action: ReturnType<typeof createPublishAction>,
    input: Record<string, unknown>,
    options: { taskId?: string; isDryRun?: boolean } = {},
  ) => {
    const context = createTestContext({
      input,
      workspacePath: workspacePath(),
      ...options,
    });
    return { ...context, done: action.handler(context.ctx) };
  };

  describe('to a local repository', () => {
    const action = () =>
      createPublishAction({
        config: new ConfigReader({
          launchpad: {
            publish: {
              target: 'local',
              local: { enabled: true, baseDirectory: baseDirectory() },
            },
          },
          scaffolder: {
            defaultAuthor: { name: 'Launchpad', email: 'lp@example.com' },
          },
        }),
      });
    const input = {
      repoName: 'svc',
      description: 'A service',
      location: { target: 'local' },
    };

    it('creates a git repository and outputs a clone command instead of a link', async () => {
      const { done, outputs, logLines } = run(action(), input);
      await done;
      const repoDir = path.join(baseDirectory(), 'svc');
      expect(git(repoDir, 'log', '--format=%an|%s')).toBe(
        'Launchpad|Initial commit',
      );
      expect(git(repoDir, 'ls-files').split('\n').sort()).toEqual([
        'README.md',
        'catalog-info.yaml',
        'src/index.ts',
      ]);
      expect(outputs()).toEqual({
        target: 'local',
        cloneCommand: `git clone ${repoDir}`,
        repoContentsUrl: pathToFileURL(repoDir).href,
        catalogInfoUrl: pathToFileURL(path.join(repoDir, 'catalog-info.yaml'))
          .href,
        projectSlug: 'local/svc',
      });
      expect(logLines().join('\n')).toContain(`git clone ${repoDir}`);
    });

    it('publishes under location.repo when the form names one', async () => {
      const { done, outputs } = run(action(), {
        ...input,
        location: { target: 'local', repo: 'svc-repo' },
      });
      await done;
      expect(outputs().cloneCommand).toBe(
        `git clone ${path.join(baseDirectory(), 'svc-repo')}`,
      );
    });

    it('completes a started-over task whose repository an earlier task published, without a second commit', async () => {
      await run(action(), input, { taskId: 'failed-later' }).done;
      const repoDir = path.join(baseDirectory(), 'svc');
      const head = git(repoDir, 'rev-parse', 'HEAD');

      const again = run(action(), input, { taskId: 'started-over' });
      await again.done;

      expect(git(repoDir, 'rev-list', '--count', 'HEAD')).toBe('1');
      expect(git(repoDir, 'rev-parse', 'HEAD')).toBe(head);
      expect(again.logLines().join('\n')).toContain(
        "Repository 'svc' already exists with this service's files (published by an earlier run); keeping it as it is",
      );
    });

    it('completes a retried task from its marker even if the files differ', async () => {
      await run(action(), input, { taskId: 'task-7' }).done;
      fs.writeFileSync(path.join(workspacePath(), 'README.md'), 'changed\n');
      await expect(
        run(action(), input, { taskId: 'task-7' }).done,
      ).resolves.toBeUndefined();
    });

    it('refuses a repository of another service in plain words', async () => {
      await run(action(), input, { taskId: 'other-service' }).done;
      fs.writeFileSync(path.join(workspacePath(), 'README.md'), 'changed\n');
      const error = await run(action(), input, {
        taskId: 'this-one',
      }).done.catch(e => e);
      expect(error.name).toBe('ConflictError');
      expect(error.message).toBe(
        "A repository named 'svc' already exists and holds other files; choose another name. Nothing was created.",
      );
      expect(error.stack).toBe(`ConflictError: ${error.message}`);
    });

    it('refuses a GitHub location when the portal publishes locally', async () => {
      await expect(
        run(action(), {
          ...input,
          location: { target: 'github', owner: 'acme' },
        }).done,
      ).rejects.toThrow(
        'Invalid input: location.target: this portal publishes to local repositories, not to github',
      );
      expect(fs.existsSync(baseDirectory())).toBe(false);
    });

    it('refuses a sourcePath that escapes the workspace', async () => {
      await expect(
        run(action(), { ...input, sourcePath: '../..' }).done,
      ).rejects.toThrow('sourcePath: must stay inside the workspace');
      expect(fs.existsSync(baseDirectory())).toBe(false);
    });

    it('is refused unless launchpad.publish.local.enabled is true', async () => {
      const disabled = createPublishAction({
        config: new ConfigReader({
          launchpad: { publish: { target: 'local' } },
        }),
      });
      await expect(run(disabled, input).done).rejects.toThrow(
        /launchpad.publish.local.enabled/,
      );
    });

    it('touches nothing in dry run', async () => {
      const { done, outputs } = run(action(), input, { isDryRun: true });
      await done;
      expect(fs.existsSync(baseDirectory())).toBe(false);
      expect(outputs().target).toBe('local');
    });
  });

  describe('to GitHub', () => {
    const server = setupServer();
    registerMswTestHooks(server);
    let github: FakeGithubRepositories;
    let pushes: {
      remoteUrl: string;
      branch: string;
      token: string;
      tree: string;
    }[];
    let pushFailure: Error | undefined;

    const push: GitPush = async ({ dir, remoteUrl, branch, token }) => {
      if (pushFailure) throw pushFailure;
      pushes.push({
        remoteUrl,
        branch,
        token,
        tree: git(dir, 'rev-parse', `${branch}^{tree}`),
      });
    };

    const action = (publish: object = {}) =>
      createPublishAction({
        config: new ConfigReader({
          integrations: { github: [{ host: 'github.com', token: TOKEN }] },
          launchpad: { publish: { target: 'github', ...publish } },
        }),
        push,
      });
    const input = {
      repoName: 'svc',
      description: 'A service',
      location: { target: 'github', owner: 'acme' },
    };

    beforeEach(() => {
      github = new FakeGithubRepositories();
      server.use(...github.handlers());
      pushes = [];
      pushFailure = undefined;
    });

    it('creates the repository in the organisation, pushes the workspace and outputs https links', async () => {
      const { done, outputs } = run(action(), input);
      await done;
      expect(github.writes).toEqual([
        {
          method: 'POST',
          path: '/orgs/acme/repos',
          body: {
            name: 'svc',
            description: 'A service',
            private: true,
            visibility: 'private',
          },
        },
      ]);
      expect(pushes).toEqual([
        {
          remoteUrl: 'https://github.com/acme/svc.git',
          branch: 'main',
          token: TOKEN,
          tree: treeOf(workspacePath()),
        },
      ]);
      expect(outputs()).toEqual({
        target: 'github',
        remoteUrl: 'https://github.com/acme/svc',
        cloneCommand: 'git clone https://github.com/acme/svc.git',
        repoContentsUrl: 'https://github.com/acme/svc/blob/main',
        catalogInfoUrl:
          'https://github.com/acme/svc/blob/main/catalog-info.yaml',
        projectSlug: 'acme/svc',
      });
    });

    it('creates a repository of a user account for the authenticated user', async () => {
      await run(action(), {
        ...input,
        location: { target: 'github', owner: 'octocat', repo: 'svc-repo' },
      }).done;
      expect(github.writes.map(w => w.path)).toEqual(['/user/repos']);
    });

    it('keeps a repository that already holds exactly these files, creating and pushing nothing', async () => {
      github.addRepository('acme/svc', {
        description: 'Made by a task that failed later',
        treeSha: treeOf(workspacePath()),
      });
      const { done, outputs, logLines } = run(action(), input, {
        taskId: 'started-over',
      });
      await done;
      expect(github.writes).toEqual([]);
      expect(pushes).toEqual([]);
      expect(outputs().remoteUrl).toBe('https://github.com/acme/svc');
      expect(logLines().join('\n')).toContain(
        "GitHub repository acme/svc already holds this service's files (published by an earlier run)",
      );
    });

    it('pushes to an empty repository that an earlier run created before its push failed', async () => {
      pushFailure = Object.assign(new Error('connect ECONNRESET /tmp/x'), {});
      const first = await run(action(), input).done.catch(e => e);
      expect(first.message).toBe(
        'connect ECONNRESET <path on the server>. Already done before the failure: created the GitHub repository acme/svc. Running the task again continues from there without creating anything twice.',
      );
      expect(first.stack).toBe(`Error: ${first.message}`);

      pushFailure = undefined;
      await run(action(), input, { taskId: 'started-over' }).done;
      expect(github.writes.map(w => w.path)).toEqual(['/orgs/acme/repos']);
      expect(pushes).toHaveLength(1);
    });

    it('refuses a different existing repository', async () => {
      github.addRepository('acme/svc', {
        description: 'Someone else',
        files: { 'README.md': 'theirs' },
      });
      const error = await run(action(), input).done.catch(e => e);
      expect(error.message).toBe(
        'The GitHub repository acme/svc already exists; choose another name. Nothing was created.',
      );
      expect(github.writes).toEqual([]);
      expect(pushes).toEqual([]);
    });

    it('refuses an owner outside launchpad.publish.github.allowedOwners before calling GitHub', async () => {
      await expect(
        run(action({ github: { allowedOwners: ['acme'] } }), {
          ...input,
          location: { target: 'github', owner: 'someone-else' },
        }).done,
      ).rejects.toThrow(
        'Invalid input: location.owner: new repositories may only be created under acme',
      );
      expect(github.requests).toEqual([]);
    });

    it('says that GitHub credentials are missing instead of failing on a call', async () => {
      const noCredentials = createPublishAction({
        config: new ConfigReader({
          launchpad: { publish: { target: 'github' } },
        }),
        push,
      });
      await expect(run(noCredentials, input).done).rejects.toThrow(
        'Cannot publish to GitHub: no GitHub token or GitHub App is configured for github.com',
      );
      expect(github.requests).toEqual([]);
    });

    it('names the permission GitHub refused', async () => {
      github.failures.set('POST /orgs/acme/repos', {
        status: 403,
        message: 'Resource not accessible by integration',
      });
      await expect(run(action(), input).done).rejects.toThrow(
        'GitHub refused to create the repository acme/svc (HTTP 403: Resource not accessible by integration). The token needs Administration: read and write (organisation). Nothing was created.',
      );
    });

    it('calls nothing in dry run', async () => {
      const { done, outputs } = run(action(), input, { isDryRun: true });
      await done;
      expect(github.requests).toEqual([]);
      expect(outputs().remoteUrl).toBe('https://github.com/acme/svc');
    });
  });
});
