import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import {
  createGithubAccess,
  GithubAccess,
  hasGithubCredentials,
} from '../lib/github/githubAccess';
import { connectGithub } from '../lib/github/octokit';
import {
  assertLocalPublishEnabled,
  LOCAL_REPO_NAME_PATTERN,
  readLocalPublishSettings,
  resolveRepositoryDirectory,
} from '../lib/localRepositories';
import { readPublishSettings } from '../lib/publishSettings';
import { repoLocationSchema, resolveLocation } from '../lib/repoLocation';
import { StepProgress } from '../lib/stepFailure';
import { parseActionInput } from '../lib/validation';
import {
  branchNameSchema,
  resolveAuthor,
  resolveSourceDirectory,
  sourcePathSchema,
} from './publish/commonInputs';
import { proposeGithubChange } from './publish/githubRepository';
import { proposeLocalChange } from './publish/localRepository';
import { examples } from './publishChange.examples';

export const PUBLISH_CHANGE_ACTION_ID = 'launchpad:publish:change';

const inputSchema = (zImpl: typeof z) =>
  zImpl.object({
    repoName: zImpl
      .string({
        description:
          'Name of the existing repository (the default when location.repo is not given)',
      })
      .regex(
        LOCAL_REPO_NAME_PATTERN,
        "may contain only letters, digits, '.', '_' and '-', and must not start with '.'",
      ),
    location: repoLocationSchema(zImpl),
    branchName: branchNameSchema(
      zImpl,
      'The new branch that carries the change',
    ),
    title: zImpl
      .string({
        description: 'Title of the pull request, and the commit message',
      })
      .min(1)
      .max(256),
    description: zImpl
      .string({ description: 'Body of the pull request and of the commit' })
      .max(65000),
    sourcePath: sourcePathSchema(zImpl),
  });

/**
 * Proposes the workspace's files to an existing repository: a pull request on
 * GitHub, a branch of the local repository on the embedded default. Files of
 * the repository that the workspace does not have are kept.
 */
export function createPublishChangeAction(options: {
  config: Config;
  githubAccess?: GithubAccess;
  /** Passed to the Octokit throttling plugin; for tests. */
  throttleOverrides?: Record<string, unknown>;
}) {
  const { config } = options;
  const githubAccess = options.githubAccess ?? createGithubAccess(config);

  return createTemplateAction({
    id: PUBLISH_CHANGE_ACTION_ID,
    description:
      "Proposes the workspace's files to an existing repository: a pull request on GitHub, or a new branch of the local repository on the embedded default. A re-run reuses the branch and pull request it made.",
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: {
        branchName: zImpl =>
          zImpl.string({ description: 'The branch that carries the change' }),
        pullRequestUrl: zImpl =>
          zImpl
            .string({ description: 'The pull request (GitHub only)' })
            .optional(),
        cloneCommand: zImpl =>
          zImpl.string({
            description: 'The git command that checks out the branch',
          }),
      },
    },
    async handler(ctx) {
      const input = parseActionInput(inputSchema(z), ctx.input);
      const location = resolveLocation(
        input.location,
        input.repoName,
        readPublishSettings(config),
      );
      const sourceDir = resolveSourceDirectory(
        ctx.workspacePath,
        input.sourcePath,
      );
      const { branchName } = input;
      const author = resolveAuthor(config);
      const message = input.description
        ? `${input.title}\n\n${input.description}`
        : input.title;
      const progress = new StepProgress();
      ctx.output('branchName', branchName);

      if (location.target === 'local') {
        const local = readLocalPublishSettings(config);
        assertLocalPublishEnabled(local, PUBLISH_CHANGE_ACTION_ID);
        const repoDir = resolveRepositoryDirectory(
          local.baseDirectory,
          location.repo,
        );
        const cloneCommand = `git clone --branch ${branchName} ${repoDir}`;
        if (ctx.isDryRun) {
          ctx.logger.info(
            `Dry run: would commit the change on branch ${branchName} of the local repository '${location.repo}'`,
          );
        } else {
          const result = await progress.run(() =>
            ctx.checkpoint({
              key: `launchpad.publish.change.local.${location.repo}.${branchName}`,
              fn: () =>
                proposeLocalChange({
                  baseDirectory: local.baseDirectory,
                  repoName: location.repo,
                  repoDir,
                  sourceDir,
                  branchName,
                  author,
                  message,
                  logger: ctx.logger,
                  progress,
                }),
            }),
          );
          if (result.changed) {
            ctx.logger.info(
              `Branch ${branchName} of '${location.repo}' changes ${
                result.files.length
              } file(s) against ${result.baseBranch}: ${result.files.join(
                ', ',
              )}. Review it with: ${cloneCommand}`,
            );
          }
        }
        ctx.output('cloneCommand', cloneCommand);
        return;
      }

      const { host, owner, repo } = location;
      if (!hasGithubCredentials(githubAccess, host)) {
        throw new InputError(
          `Cannot open a pull request on GitHub: no GitHub token or GitHub App is configured for ${host}`,
        );
      }
      const cloneCommand = (cloneUrl: string) =>
        `git clone --branch ${branchName} ${cloneUrl}`;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would open a pull request from ${branchName} in ${owner}/${repo}. No call to GitHub was made.`,
        );
        ctx.output(
          'cloneCommand',
          cloneCommand(`https://${host}/${owner}/${repo}.git`),
        );
        return;
      }
      const result = await progress.run(async () => {
        const { octokit } = await connectGithub({
          access: githubAccess,
          target: location,
          logger: ctx.logger,
          throttleOverrides: options.throttleOverrides,
        });
        return ctx.checkpoint({
          key: `launchpad.publish.change.github.${host}.${owner}.${repo}.${branchName}`,
          fn: async () =>
            proposeGithubChange({
              octokit,
              target: { owner, repo },
              sourceDir,
              stagingParent: await ctx.createTemporaryDirectory(),
              author,
              message,
              branchName,
              title: input.title,
              description: input.description,
              logger: ctx.logger,
              progress,
            }),
        });
      });
      if (result.pullRequestUrl) {
        ctx.output('pullRequestUrl', result.pullRequestUrl);
      }
      ctx.output('cloneCommand', cloneCommand(result.cloneUrl));
    },
  });
}
