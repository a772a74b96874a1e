import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod/v3';
import {
  assertLocalPublishEnabled,
  isInside,
  LOCAL_REPO_NAME_PATTERN,
  readLocalPublishSettings,
  resolveRepositoryDirectory,
  toFileUrl,
} from '../lib/localRepositories';
import { StepProgress } from '../lib/stepFailure';
import { parseActionInput } from '../lib/validation';
import {
  branchNameSchema,
  resolveAuthor,
  resolveCommitMessage,
  resolveSourceDirectory,
  sourcePathSchema,
} from './publish/commonInputs';
import { publishLocalRepository } from './publish/localRepository';
import { examples } from './publishLocal.examples';

export const PUBLISH_LOCAL_ACTION_ID = 'launchpad:publish:local';

const inputSchema = (zImpl: typeof z) =>
  zImpl.object({
    repoName: zImpl
      .string({
        description:
          'Name of the repository directory to create under launchpad.publish.local.baseDirectory',
      })
      .regex(
        LOCAL_REPO_NAME_PATTERN,
        "must be a single directory name (letters, digits, '.', '_', '-', not starting with '.')",
      ),
    sourcePath: sourcePathSchema(zImpl),
    defaultBranch: branchNameSchema(
      zImpl,
      "Branch to commit to. Default: 'main'",
    ).optional(),
    gitCommitMessage: zImpl
      .string({
        description:
          "Commit message. Default: scaffolder.defaultCommitMessage, else 'Initial commit'",
      })
      .min(1)
      .optional(),
    gitAuthorName: zImpl
      .string({
        description:
          "Author name. Default: scaffolder.defaultAuthor.name, else 'Scaffolder'",
      })
      .min(1)
      .optional(),
    gitAuthorEmail: zImpl
      .string({
        description:
          "Author email. Default: scaffolder.defaultAuthor.email, else 'scaffolder@backstage.io'",
      })
      .email()
      .optional(),
    catalogInfoPath: zImpl
      .string({
        description:
          "Path of the catalog descriptor inside the repository. Default: '/catalog-info.yaml'",
      })
      .optional(),
  });

/**
 * Publishes the workspace as a real git repository in a local directory, the
 * embedded default's stand-in for GitHub.
 */
export function createPublishLocalAction(options: { config: Config }) {
  const { config } = options;

  return createTemplateAction({
    id: PUBLISH_LOCAL_ACTION_ID,
    description:
      'Publishes the workspace as a new git repository (one commit on the default branch) in the local directory launchpad.publish.local.baseDirectory. For the embedded default: no GitHub account needed.',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: {
        remoteUrl: zImpl =>
          zImpl.string({
            description: 'file: URL of the repository, usable with git clone',
          }),
        repoContentsUrl: zImpl =>
          zImpl.string({
            description: 'file: URL of the repository working tree',
          }),
        catalogInfoUrl: zImpl =>
          zImpl.string({
            description:
              'file: URL of the catalog descriptor; pass it to catalog:register as catalogInfoUrl',
          }),
        localPath: zImpl =>
          zImpl.string({ description: 'Absolute path of the repository' }),
        commitHash: zImpl =>
          zImpl
            .string({
              description: 'Hash of the initial commit (absent in dry run)',
            })
            .optional(),
        defaultBranch: zImpl =>
          zImpl.string({ description: 'The branch committed to' }),
      },
    },
    async handler(ctx) {
      const input = parseActionInput(inputSchema(z), ctx.input);
      const settings = readLocalPublishSettings(config);
      assertLocalPublishEnabled(settings, PUBLISH_LOCAL_ACTION_ID);

      const repoDir = resolveRepositoryDirectory(
        settings.baseDirectory,
        input.repoName,
      );
      const sourceDir = resolveSourceDirectory(
        ctx.workspacePath,
        input.sourcePath,
      );
      const catalogInfoFile = resolveCatalogInfoFile(
        repoDir,
        input.catalogInfoPath ?? '/catalog-info.yaml',
      );
      const defaultBranch = input.defaultBranch ?? 'main';
      const author = resolveAuthor(config, input);
      const message = resolveCommitMessage(config, input.gitCommitMessage);

      const outputCommon = () => {
        ctx.output('remoteUrl', toFileUrl(repoDir));
        ctx.output('repoContentsUrl', toFileUrl(repoDir));
        ctx.output('catalogInfoUrl', toFileUrl(catalogInfoFile));
        ctx.output('localPath', repoDir);
        ctx.output('defaultBranch', defaultBranch);
      };

      if (ctx.isDryRun) {
        const exists = fs.existsSync(repoDir);
        ctx.logger.info(
          `Dry run: would create git repository ${repoDir} on branch ${defaultBranch} with one commit by ${
            author.name
          } <${author.email}>${
            exists ? ' (but it already exists, so a real run would fail)' : ''
          }`,
        );
        outputCommon();
        return;
      }

      const progress = new StepProgress();
      const { commitHash } = await progress.run(() =>
        ctx.checkpoint({
          key: `launchpad.publish.local.${input.repoName}`,
          fn: () =>
            publishLocalRepository({
              baseDirectory: settings.baseDirectory,
              repoName: input.repoName,
              repoDir,
              sourceDir,
              branch: defaultBranch,
              author,
              message,
              taskId: ctx.task.id,
              logger: ctx.logger,
              progress,
            }),
        }),
      );

      ctx.logger.info(
        `Git repository ${repoDir}: ${defaultBranch} at ${commitHash.slice(
          0,
          12,
        )}`,
      );
      outputCommon();
      ctx.output('commitHash', commitHash);
    },
  });
}

function resolveCatalogInfoFile(repoDir: string, catalogInfoPath: string) {
  const resolved = path.resolve(
    repoDir,
    `.${path.posix.sep}${catalogInfoPath}`,
  );
  if (!isInside(repoDir, resolved)) {
    throw new InputError(
      'Invalid input: catalogInfoPath: must stay inside the repository',
    );
  }
  return resolved;
}
