import { Config } from '@backstage/config';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import git from 'isomorphic-git';
import { randomBytes } from 'node:crypto';
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
import { parseActionInput } from '../lib/validation';
import { examples } from './publishLocal.examples';

export const PUBLISH_LOCAL_ACTION_ID = 'launchpad:publish:local';

const DEFAULT_AUTHOR = { name: 'Scaffolder', email: 'scaffolder@backstage.io' };

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
    sourcePath: zImpl
      .string({
        description:
          'Path inside the workspace whose contents become the repository. Defaults to the workspace root',
      })
      .optional(),
    defaultBranch: zImpl
      .string({ description: "Branch to commit to. Default: 'main'" })
      .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/, 'is not a valid branch name')
      .refine(b => !b.includes('..') && !b.endsWith('.lock'), {
        message: 'is not a valid branch name',
      })
      .optional(),
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
      const author = {
        name:
          input.gitAuthorName ??
          config.getOptionalString('scaffolder.defaultAuthor.name') ??
          DEFAULT_AUTHOR.name,
        email:
          input.gitAuthorEmail ??
          config.getOptionalString('scaffolder.defaultAuthor.email') ??
          DEFAULT_AUTHOR.email,
      };
      const message =
        input.gitCommitMessage ??
        config.getOptionalString('scaffolder.defaultCommitMessage') ??
        'Initial commit';

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

      const { commitHash } = await ctx.checkpoint({
        key: `launchpad.publish.local.${input.repoName}`,
        fn: async () => {
          if (fs.existsSync(repoDir)) {
            throw new ConflictError(
              `Repository '${input.repoName}' already exists in ${settings.baseDirectory}; choose another name`,
            );
          }
          await fs.promises.mkdir(settings.baseDirectory, { recursive: true });
          // Build the repository beside its final place and move it in at the
          // end, so a failure never leaves a half-made repository behind.
          const stagingDir = path.join(
            settings.baseDirectory,
            `.${input.repoName}.staging-${randomBytes(4).toString('hex')}`,
          );
          try {
            await fs.promises.cp(sourceDir, stagingDir, {
              recursive: true,
              filter: src => path.basename(src) !== '.git',
            });
            const hash = await commitAll({
              dir: stagingDir,
              defaultBranch,
              author,
              message,
            });
            if (fs.existsSync(repoDir)) {
              throw new ConflictError(
                `Repository '${input.repoName}' was created concurrently in ${settings.baseDirectory}`,
              );
            }
            await fs.promises.rename(stagingDir, repoDir);
            return { commitHash: hash };
          } finally {
            await fs.promises.rm(stagingDir, { recursive: true, force: true });
          }
        },
      });

      ctx.logger.info(
        `Created git repository ${repoDir} (${defaultBranch} at ${commitHash.slice(
          0,
          12,
        )})`,
      );
      outputCommon();
      ctx.output('commitHash', commitHash);
    },
  });
}

function resolveSourceDirectory(workspacePath: string, sourcePath?: string) {
  if (!sourcePath) {
    return workspacePath;
  }
  const resolved = path.resolve(workspacePath, sourcePath);
  if (resolved !== workspacePath && !isInside(workspacePath, resolved)) {
    throw new InputError(
      'Invalid input: sourcePath: must stay inside the workspace',
    );
  }
  return resolved;
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

async function commitAll(options: {
  dir: string;
  defaultBranch: string;
  author: { name: string; email: string };
  message: string;
}): Promise<string> {
  const { dir, defaultBranch, author, message } = options;
  await git.init({ fs, dir, defaultBranch });
  const files = await git.statusMatrix({ fs, dir });
  for (const [filepath] of files) {
    await git.add({ fs, dir, filepath });
  }
  return git.commit({
    fs,
    dir,
    message,
    author,
    committer: author,
  });
}
