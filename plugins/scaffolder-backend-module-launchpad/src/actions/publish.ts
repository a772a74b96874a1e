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
  resolveCommitMessage,
  resolveSourceDirectory,
  sourcePathSchema,
} from './publish/commonInputs';
import {
  GitPush,
  publishGithubRepository,
  pushOverHttps,
} from './publish/githubRepository';
import { publishLocalRepository } from './publish/localRepository';
import { githubOutputs, localOutputs, PublishOutputs } from './publish/outputs';
import { examples } from './publish.examples';

export const PUBLISH_ACTION_ID = 'launchpad:publish';

const inputSchema = (zImpl: typeof z) =>
  zImpl.object({
    repoName: zImpl
      .string({
        description:
          'Name of the new repository (the default when location.repo is not given)',
      })
      .regex(
        LOCAL_REPO_NAME_PATTERN,
        "may contain only letters, digits, '.', '_' and '-', and must not start with '.'",
      ),
    description: zImpl
      .string({ description: 'One sentence about the repository' })
      .max(350),
    location: repoLocationSchema(zImpl),
    sourcePath: sourcePathSchema(zImpl),
    defaultBranch: branchNameSchema(
      zImpl,
      "Branch of the first commit. Default: 'main'",
    ).optional(),
  });

const outputSchema = {
  target: (zImpl: typeof z) =>
    zImpl.enum(['local', 'github'], {
      description: 'Where the repository was published',
    }),
  remoteUrl: (zImpl: typeof z) =>
    zImpl
      .string({
        description:
          'https URL of the repository page (GitHub only: a local repository has no page a browser may open)',
      })
      .optional(),
  cloneCommand: (zImpl: typeof z) =>
    zImpl.string({ description: 'The git clone command to copy' }),
  repoContentsUrl: (zImpl: typeof z) =>
    zImpl.string({ description: 'URL of the files on the default branch' }),
  catalogInfoUrl: (zImpl: typeof z) =>
    zImpl.string({
      description:
        'URL of catalog-info.yaml; pass it to launchpad:catalog:register as catalogInfoUrl',
    }),
  projectSlug: (zImpl: typeof z) =>
    zImpl.string({
      description: 'owner/repo on GitHub; local/<repo> for a local repository',
    }),
};

/**
 * Publishes the workspace as a new repository: on GitHub, or in the local
 * repositories directory of the embedded default, as launchpad.publish.target
 * says and the LaunchpadRepoLocation form field asked.
 */
export function createPublishAction(options: {
  config: Config;
  githubAccess?: GithubAccess;
  /** Replaces the HTTPS push; for tests. */
  push?: GitPush;
}) {
  const { config } = options;
  const githubAccess = options.githubAccess ?? createGithubAccess(config);
  const push = options.push ?? pushOverHttps;

  return createTemplateAction({
    id: PUBLISH_ACTION_ID,
    description:
      'Publishes the workspace as a new repository, on GitHub or (embedded default) as a local git repository, as launchpad.publish.target says. Running it again after a failure finishes the job without creating a second repository.',
    examples,
    supportsDryRun: true,
    schema: { input: inputSchema, output: outputSchema },
    async handler(ctx) {
      const input = parseActionInput(inputSchema(z), ctx.input);
      const settings = readPublishSettings(config);
      const location = resolveLocation(
        input.location,
        input.repoName,
        settings,
      );
      const sourceDir = resolveSourceDirectory(
        ctx.workspacePath,
        input.sourcePath,
      );
      const branch = input.defaultBranch ?? 'main';
      const author = resolveAuthor(config);
      const message = resolveCommitMessage(config);
      const progress = new StepProgress();
      const write = (outputs: PublishOutputs) => {
        for (const [key, value] of Object.entries(outputs)) {
          ctx.output(key as keyof PublishOutputs, value);
        }
      };

      if (location.target === 'local') {
        const local = readLocalPublishSettings(config);
        assertLocalPublishEnabled(local, PUBLISH_ACTION_ID);
        const repoDir = resolveRepositoryDirectory(
          local.baseDirectory,
          location.repo,
        );
        if (ctx.isDryRun) {
          ctx.logger.info(
            `Dry run: would publish a local git repository '${location.repo}' on ${branch}`,
          );
        } else {
          const { commitHash } = await progress.run(() =>
            ctx.checkpoint({
              key: `launchpad.publish.local.${location.repo}`,
              fn: () =>
                publishLocalRepository({
                  baseDirectory: local.baseDirectory,
                  repoName: location.repo,
                  repoDir,
                  sourceDir,
                  branch,
                  author,
                  message,
                  taskId: ctx.task.id,
                  logger: ctx.logger,
                  progress,
                }),
            }),
          );
          ctx.logger.info(
            `Published the local repository '${
              location.repo
            }' (${branch} at ${commitHash.slice(
              0,
              12,
            )}). Clone it with: git clone ${repoDir}`,
          );
        }
        write(localOutputs(repoDir, location.repo));
        return;
      }

      const { host, owner, repo } = location;
      if (!hasGithubCredentials(githubAccess, host)) {
        throw new InputError(
          `Cannot publish to GitHub: no GitHub token or GitHub App is configured for ${host}`,
        );
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create the GitHub repository ${owner}/${repo} (${settings.github.visibility}) and push ${branch}. No call to GitHub was made.`,
        );
        write(
          githubOutputs({
            htmlUrl: `https://${host}/${owner}/${repo}`,
            cloneUrl: `https://${host}/${owner}/${repo}.git`,
            branch,
            owner,
            repo,
          }),
        );
        return;
      }
      const result = await progress.run(async () => {
        const { token, octokit } = await connectGithub({
          access: githubAccess,
          target: location,
          logger: ctx.logger,
        });
        return ctx.checkpoint({
          key: `launchpad.publish.github.${host}.${owner}.${repo}`,
          fn: async () =>
            publishGithubRepository({
              octokit,
              target: { owner, repo },
              description: input.description,
              visibility: settings.github.visibility,
              sourceDir,
              stagingParent: await ctx.createTemporaryDirectory(),
              branch,
              author,
              message,
              token,
              push,
              logger: ctx.logger,
              progress,
            }),
        });
      });
      write(githubOutputs({ ...result, branch, owner, repo }));
    },
  });
}
