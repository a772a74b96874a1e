import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import path from 'node:path';
import { z } from 'zod/v3';
import { isInside } from '../../lib/localRepositories';
import { GitAuthor } from './gitTrees';

const DEFAULT_AUTHOR = { name: 'Scaffolder', email: 'scaffolder@backstage.io' };

export const branchNameSchema = (zImpl: typeof z, description: string) =>
  zImpl
    .string({ description })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/, 'is not a valid branch name')
    .refine(b => !b.includes('..') && !b.endsWith('.lock'), {
      message: 'is not a valid branch name',
    });

export const sourcePathSchema = (zImpl: typeof z) =>
  zImpl
    .string({
      description:
        'Path inside the workspace whose contents are published. Defaults to the workspace root',
    })
    .optional();

export function resolveSourceDirectory(
  workspacePath: string,
  sourcePath?: string,
) {
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

/** The commit author: the input's, else scaffolder.defaultAuthor, as the built-in publishers do. */
export function resolveAuthor(
  config: Config,
  input: { gitAuthorName?: string; gitAuthorEmail?: string } = {},
): GitAuthor {
  return {
    name:
      input.gitAuthorName ??
      config.getOptionalString('scaffolder.defaultAuthor.name') ??
      DEFAULT_AUTHOR.name,
    email:
      input.gitAuthorEmail ??
      config.getOptionalString('scaffolder.defaultAuthor.email') ??
      DEFAULT_AUTHOR.email,
  };
}

export function resolveCommitMessage(config: Config, message?: string) {
  return (
    message ??
    config.getOptionalString('scaffolder.defaultCommitMessage') ??
    'Initial commit'
  );
}
