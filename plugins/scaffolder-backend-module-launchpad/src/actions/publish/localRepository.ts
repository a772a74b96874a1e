import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import git from 'isomorphic-git';
import fs from 'node:fs';
import path from 'node:path';
import { StepProgress } from '../../lib/stepFailure';
import { branchTree, changedPaths, GitAuthor, overlayTree } from './gitTrees';
import { withStagedCommit } from './stagingDirectory';

/** The git config key that records which task created a local repository. */
const TASK_MARKER = 'launchpad.taskid';

/**
 * Publishes the workspace as a new repository `<baseDirectory>/<repoName>`.
 * A repository that is already there counts as published when this task made
 * it or it holds exactly the workspace's files (a re-run, or a "start over"
 * of a task that failed later); any other is refused.
 */
export async function publishLocalRepository(options: {
  baseDirectory: string;
  repoName: string;
  repoDir: string;
  sourceDir: string;
  branch: string;
  author: GitAuthor;
  message: string;
  taskId: string;
  logger: LoggerService;
  progress: StepProgress;
}): Promise<{ commitHash: string; created: boolean }> {
  const { repoName, repoDir, branch, taskId, logger, progress } = options;
  return withStagedCommit(
    {
      parentDirectory: options.baseDirectory,
      label: repoName,
      sourceDir: options.sourceDir,
      branch,
      author: options.author,
      message: options.message,
    },
    async staged => {
      if (fs.existsSync(repoDir)) {
        const gitdir = path.join(repoDir, '.git');
        const existing = await branchTree(gitdir, branch);
        const marker = await git
          .getConfig({ fs, gitdir, path: TASK_MARKER })
          .catch(() => undefined);
        if (
          existing &&
          (marker === taskId || existing.treeOid === staged.treeOid)
        ) {
          logger.info(
            `Repository '${repoName}' already exists with this service's files (published by an earlier run); keeping it as it is`,
          );
          return { commitHash: existing.commitHash, created: false };
        }
        throw new ConflictError(
          `A repository named '${repoName}' already exists and holds other files; choose another name`,
        );
      }
      await git.setConfig({
        fs,
        dir: staged.dir,
        path: TASK_MARKER,
        value: taskId,
      });
      await fs.promises.rename(staged.dir, repoDir);
      progress.record(`created the local repository '${repoName}'`);
      return { commitHash: staged.commitHash, created: true };
    },
  );
}

/**
 * Commits the workspace's files over the default branch of an existing local
 * repository, on a new branch (the embedded default's pull request). The
 * repository's checked-out branch, index and working tree stay as they are.
 */
export async function proposeLocalChange(options: {
  baseDirectory: string;
  repoName: string;
  repoDir: string;
  sourceDir: string;
  branchName: string;
  author: GitAuthor;
  message: string;
  logger: LoggerService;
  progress: StepProgress;
}): Promise<{ baseBranch: string; changed: boolean; files: string[] }> {
  const { repoName, repoDir, branchName, logger, progress } = options;
  const gitdir = path.join(repoDir, '.git');
  if (!fs.existsSync(gitdir)) {
    throw new NotFoundError(`There is no local repository named '${repoName}'`);
  }
  const baseBranch =
    (await git.currentBranch({ fs, gitdir, fullname: false })) ?? 'main';
  const base = await branchTree(gitdir, baseBranch);
  if (!base) {
    throw new NotFoundError(
      `The local repository '${repoName}' has no commit on ${baseBranch} to branch from`,
    );
  }
  return withStagedCommit(
    {
      parentDirectory: options.baseDirectory,
      label: `${repoName}.${branchName.replace(/\//g, '-')}`,
      sourceDir: options.sourceDir,
      branch: branchName,
      author: options.author,
      message: options.message,
    },
    async staged => {
      const tree = await overlayTree({
        gitdir,
        baseTreeOid: base.treeOid,
        sourceGitdir: path.join(staged.dir, '.git'),
        sourceTreeOid: staged.treeOid,
      });
      const files = await changedPaths(gitdir, base.treeOid, tree);
      const existing = await branchTree(gitdir, branchName);
      if (existing) {
        if (existing.treeOid === tree) {
          logger.info(
            `Branch ${branchName} of '${repoName}' already holds these changes (made by an earlier run); keeping it`,
          );
          return { baseBranch, changed: true, files };
        }
        throw new ConflictError(
          `Branch ${branchName} already exists in '${repoName}' with other changes; choose another branch name`,
        );
      }
      if (tree === base.treeOid) {
        logger.info(
          `'${repoName}' already has every file of the change on ${baseBranch}; no branch was created`,
        );
        return { baseBranch, changed: false, files };
      }
      const commit = await git.commit({
        fs,
        gitdir,
        tree,
        parent: [base.commitHash],
        message: options.message,
        author: options.author,
        committer: options.author,
        noUpdateBranch: true,
      });
      await git.writeRef({
        fs,
        gitdir,
        ref: `refs/heads/${branchName}`,
        value: commit,
      });
      progress.record(
        `created branch ${branchName} in the local repository '${repoName}'`,
      );
      return { baseBranch, changed: true, files };
    },
  );
}
