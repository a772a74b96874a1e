import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { commitDirectory, GitAuthor } from './gitTrees';

/**
 * Copies the workspace into a hidden directory beside `parentDirectory`'s
 * other entries and commits it there, so the workspace is never changed and a
 * failure never leaves half a repository in place. `use` gets the staged
 * repository; the directory is removed afterwards unless `use` moved it.
 */
export async function withStagedCommit<T>(
  options: {
    parentDirectory: string;
    label: string;
    sourceDir: string;
    branch: string;
    author: GitAuthor;
    message: string;
  },
  use: (staged: {
    dir: string;
    commitHash: string;
    treeOid: string;
  }) => Promise<T>,
): Promise<T> {
  const { parentDirectory, label, sourceDir, branch, author, message } =
    options;
  await fs.promises.mkdir(parentDirectory, { recursive: true });
  const dir = path.join(
    parentDirectory,
    `.${label}.staging-${randomBytes(4).toString('hex')}`,
  );
  try {
    await fs.promises.cp(sourceDir, dir, {
      recursive: true,
      filter: src => path.basename(src) !== '.git',
    });
    const committed = await commitDirectory({ dir, branch, author, message });
    return await use({ dir, ...committed });
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
