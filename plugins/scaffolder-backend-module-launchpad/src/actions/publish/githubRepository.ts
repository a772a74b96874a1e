import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import fs from 'node:fs';
import path from 'node:path';
import { describeGithubError, statusOf } from '../../lib/github/errors';
import { LaunchpadOctokitClient } from '../../lib/github/octokit';
import { StepProgress } from '../../lib/stepFailure';
import { GitAuthor, readTreeFiles } from './gitTrees';
import { withStagedCommit } from './stagingDirectory';

/** Pushes a branch of a local repository to a remote over HTTPS. */
export type GitPush = (options: {
  dir: string;
  remoteUrl: string;
  branch: string;
  token: string;
}) => Promise<void>;

/** The push of Backstage's own publishers: isomorphic-git over HTTPS with the token. */
export const pushOverHttps: GitPush = async ({
  dir,
  remoteUrl,
  branch,
  token,
}) => {
  await git.push({
    fs,
    http,
    dir,
    url: remoteUrl,
    ref: branch,
    remoteRef: branch,
    onAuth: () => ({ username: 'x-access-token', password: token }),
  });
};

type Target = { owner: string; repo: string };

type Common = {
  octokit: LaunchpadOctokitClient;
  target: Target;
  sourceDir: string;
  stagingParent: string;
  author: GitAuthor;
  message: string;
  logger: LoggerService;
  progress: StepProgress;
};

/** Runs one GitHub call; a refusal says what was refused and which permission the token needs. */
async function call<T>(
  what: string,
  permission: string,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw describeGithubError(e, what, permission);
  }
}

async function getRepository(octokit: LaunchpadOctokitClient, t: Target) {
  try {
    const { data } = await octokit.rest.repos.get(t);
    return data;
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw describeGithubError(e, `read ${t.owner}/${t.repo}`, 'Metadata: read');
  }
}

async function getBranchTree(
  octokit: LaunchpadOctokitClient,
  t: Target,
  branch: string,
) {
  try {
    const { data } = await octokit.rest.repos.getBranch({ ...t, branch });
    return { commitSha: data.commit.sha, treeSha: data.commit.commit.tree.sha };
  } catch (e) {
    // 404: no such branch; 409: the repository has no commit at all.
    if (statusOf(e) === 404 || statusOf(e) === 409) return undefined;
    throw describeGithubError(
      e,
      `read branch ${branch} of ${t.owner}/${t.repo}`,
      'Contents: read',
    );
  }
}

/**
 * Creates the GitHub repository and pushes the workspace as its first commit.
 * An existing repository counts as published when its branch holds exactly
 * the workspace's files, or when it is still empty and carries this service's
 * description (left by a run that failed while pushing); any other is refused.
 */
export async function publishGithubRepository(
  options: Common & {
    description: string;
    visibility: 'private' | 'internal' | 'public';
    branch: string;
    token: string;
    push: GitPush;
  },
): Promise<{ htmlUrl: string; cloneUrl: string; created: boolean }> {
  const { octokit, target, branch, logger, progress } = options;
  const slug = `${target.owner}/${target.repo}`;
  return withStagedCommit(
    {
      parentDirectory: options.stagingParent,
      label: target.repo,
      sourceDir: options.sourceDir,
      branch,
      author: options.author,
      message: options.message,
    },
    async staged => {
      let repository = await getRepository(octokit, target);
      if (repository) {
        const remote = await getBranchTree(octokit, target, branch);
        if (remote?.treeSha === staged.treeOid) {
          logger.info(
            `GitHub repository ${slug} already holds this service's files (published by an earlier run); keeping it as it is`,
          );
          return {
            htmlUrl: repository.html_url,
            cloneUrl: repository.clone_url,
            created: false,
          };
        }
        const leftEmptyByEarlierRun =
          !remote && repository.description === options.description;
        if (!leftEmptyByEarlierRun) {
          throw new ConflictError(
            `The GitHub repository ${slug} already exists; choose another name`,
          );
        }
        logger.info(
          `GitHub repository ${slug} exists and is still empty (created by an earlier run); pushing to it`,
        );
      } else {
        repository = await createRepository(options);
        progress.record(`created the GitHub repository ${slug}`);
        logger.info(`Created GitHub repository ${repository.html_url}`);
      }
      await call(`push to ${slug}`, 'Contents: read and write', () =>
        options.push({
          dir: staged.dir,
          remoteUrl: repository!.clone_url,
          branch,
          token: options.token,
        }),
      );
      logger.info(`Pushed ${branch} (${staged.commitHash.slice(0, 12)})`);
      return {
        htmlUrl: repository.html_url,
        cloneUrl: repository.clone_url,
        created: true,
      };
    },
  );
}

async function createRepository(
  options: Common & {
    description: string;
    visibility: 'private' | 'internal' | 'public';
  },
) {
  const { octokit, target, description, visibility } = options;
  const slug = `${target.owner}/${target.repo}`;
  const account = await call(
    `look up the GitHub account ${target.owner}`,
    'Metadata: read',
    () => octokit.rest.users.getByUsername({ username: target.owner }),
  );
  const params = {
    name: target.repo,
    description,
    private: visibility !== 'public',
  };
  try {
    const { data } =
      account.data.type === 'Organization'
        ? await octokit.rest.repos.createInOrg({
            ...params,
            org: target.owner,
            // Octokit's types lack 'internal', which GitHub accepts for organisations.
            visibility: visibility as 'private' | 'public',
          })
        : await octokit.rest.repos.createForAuthenticatedUser(params);
    return data;
  } catch (e) {
    if (statusOf(e) === 422) {
      throw new ConflictError(
        `The GitHub repository ${slug} could not be created: it already exists or the name is taken; choose another name`,
      );
    }
    throw describeGithubError(
      e,
      `create the repository ${slug}`,
      'Administration: read and write (organisation)',
    );
  }
}

/**
 * Opens a pull request that writes the workspace's files over the default
 * branch of an existing GitHub repository. An earlier run's branch with the
 * same files, and its open pull request, are reused.
 */
export async function proposeGithubChange(
  options: Common & {
    branchName: string;
    title: string;
    description: string;
  },
): Promise<{ pullRequestUrl?: string; cloneUrl: string; changed: boolean }> {
  const { octokit, target, branchName, logger, progress } = options;
  const slug = `${target.owner}/${target.repo}`;
  const repository = await getRepository(octokit, target);
  if (!repository) {
    throw new ConflictError(
      `There is no GitHub repository ${slug} (or the credentials cannot see it)`,
    );
  }
  const baseBranch = repository.default_branch;
  const base = await getBranchTree(octokit, target, baseBranch);
  if (!base) {
    throw new ConflictError(
      `${slug} has no commit on ${baseBranch} to branch from`,
    );
  }
  return withStagedCommit(
    {
      parentDirectory: options.stagingParent,
      label: target.repo,
      sourceDir: options.sourceDir,
      branch: branchName,
      author: options.author,
      message: options.message,
    },
    async staged => {
      const files = await readTreeFiles(
        path.join(staged.dir, '.git'),
        staged.treeOid,
      );
      const write = 'Contents: read and write';
      const entries: {
        path: string;
        mode: '100644' | '100755' | '120000';
        type: 'blob';
        sha: string;
      }[] = [];
      for (const file of files) {
        const blob = await call(`upload ${file.path} to ${slug}`, write, () =>
          octokit.rest.git.createBlob({
            ...target,
            content: Buffer.from(file.content).toString('base64'),
            encoding: 'base64',
          }),
        );
        entries.push({
          path: file.path,
          mode: file.mode as '100644' | '100755' | '120000',
          type: 'blob',
          sha: blob.data.sha,
        });
      }
      const tree = await call(`write a tree in ${slug}`, write, () =>
        octokit.rest.git.createTree({
          ...target,
          base_tree: base.treeSha,
          tree: entries,
        }),
      );
      if (tree.data.sha === base.treeSha) {
        logger.info(
          `${slug} already has every file of the change on ${baseBranch}; no pull request was opened`,
        );
        return { cloneUrl: repository.clone_url, changed: false };
      }
      const existing = await getBranchTree(octokit, target, branchName);
      if (existing && existing.treeSha !== tree.data.sha) {
        throw new ConflictError(
          `Branch ${branchName} already exists in ${slug} with other changes; choose another branch name`,
        );
      }
      if (!existing) {
        const commit = await call(`commit to ${slug}`, write, () =>
          octokit.rest.git.createCommit({
            ...target,
            message: options.message,
            tree: tree.data.sha,
            parents: [base.commitSha],
            author: options.author,
          }),
        );
        await call(`create branch ${branchName} in ${slug}`, write, () =>
          octokit.rest.git.createRef({
            ...target,
            ref: `refs/heads/${branchName}`,
            sha: commit.data.sha,
          }),
        );
        progress.record(`created branch ${branchName} in ${slug}`);
      }
      const pulls = 'Pull requests: read and write';
      const open = await call(`list pull requests of ${slug}`, pulls, () =>
        octokit.rest.pulls.list({
          ...target,
          head: `${target.owner}:${branchName}`,
          state: 'open',
        }),
      );
      const pullRequest =
        open.data[0] ??
        (
          await call(`open a pull request in ${slug}`, pulls, () =>
            octokit.rest.pulls.create({
              ...target,
              head: branchName,
              base: baseBranch,
              title: options.title,
              body: options.description,
            }),
          )
        ).data;
      if (!open.data[0]) {
        progress.record(`opened pull request ${pullRequest.html_url}`);
      }
      logger.info(`Pull request: ${pullRequest.html_url}`);
      return {
        pullRequestUrl: pullRequest.html_url,
        cloneUrl: repository.clone_url,
        changed: true,
      };
    },
  );
}
