import git, { TreeEntry } from 'isomorphic-git';
import fs from 'node:fs';

export type GitAuthor = { name: string; email: string };

type FileEntry = { oid: string; mode: string };

/**
 * Makes `dir` a git repository with one commit of every file not ignored by
 * .gitignore, on `branch`. Returns the commit and its tree: two runs over the
 * same content give the same tree, which is how a re-run recognises its own
 * earlier result.
 */
export async function commitDirectory(options: {
  dir: string;
  branch: string;
  author: GitAuthor;
  message: string;
}): Promise<{ commitHash: string; treeOid: string }> {
  const { dir, branch, author, message } = options;
  await git.init({ fs, dir, defaultBranch: branch });
  for (const [filepath] of await git.statusMatrix({ fs, dir })) {
    await git.add({ fs, dir, filepath });
  }
  const commitHash = await git.commit({
    fs,
    dir,
    message,
    author,
    committer: author,
  });
  const { commit } = await git.readCommit({ fs, dir, oid: commitHash });
  return { commitHash, treeOid: commit.tree };
}

/** The tree of a branch's head, or undefined when the branch does not exist. */
export async function branchTree(
  gitdir: string,
  branch: string,
): Promise<{ commitHash: string; treeOid: string } | undefined> {
  let commitHash: string;
  try {
    commitHash = await git.resolveRef({
      fs,
      gitdir,
      ref: `refs/heads/${branch}`,
    });
  } catch {
    return undefined;
  }
  const { commit } = await git.readCommit({ fs, gitdir, oid: commitHash });
  return { commitHash, treeOid: commit.tree };
}

/** Every file of a tree, by path. */
async function listTree(gitdir: string, treeOid: string) {
  const files = new Map<string, FileEntry>();
  await git.walk({
    fs,
    gitdir,
    trees: [git.TREE({ ref: treeOid })],
    map: async (filepath, [entry]) => {
      if (entry && (await entry.type()) === 'blob') {
        files.set(filepath, {
          oid: await entry.oid(),
          mode: (await entry.mode()).toString(8),
        });
      }
      return true;
    },
  });
  return files;
}

/** Git orders tree entries by name, a directory's name as if followed by '/'. */
const sortKey = (entry: TreeEntry) =>
  entry.type === 'tree' ? `${entry.path}/` : entry.path;

async function writeNestedTree(
  gitdir: string,
  files: Map<string, FileEntry>,
): Promise<string> {
  const entries: TreeEntry[] = [];
  const directories = new Map<string, Map<string, FileEntry>>();
  for (const [filepath, file] of files) {
    const slash = filepath.indexOf('/');
    if (slash < 0) {
      entries.push({ path: filepath, type: 'blob', ...file });
    } else {
      const name = filepath.slice(0, slash);
      const inside = directories.get(name) ?? new Map<string, FileEntry>();
      inside.set(filepath.slice(slash + 1), file);
      directories.set(name, inside);
    }
  }
  for (const [name, inside] of directories) {
    entries.push({
      path: name,
      type: 'tree',
      mode: '040000',
      oid: await writeNestedTree(gitdir, inside),
    });
  }
  entries.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
  return git.writeTree({ fs, gitdir, tree: entries });
}

/**
 * Writes the files of `sourceGitdir`'s tree over the tree of `baseCommit` in
 * `gitdir` (files of the base that the source does not have are kept) and
 * returns the resulting tree, without touching any branch, index or working
 * tree.
 */
export async function overlayTree(options: {
  gitdir: string;
  baseTreeOid: string;
  sourceGitdir: string;
  sourceTreeOid: string;
}): Promise<string> {
  const { gitdir, baseTreeOid, sourceGitdir, sourceTreeOid } = options;
  const files = await listTree(gitdir, baseTreeOid);
  for (const [filepath, file] of await listTree(sourceGitdir, sourceTreeOid)) {
    const { blob } = await git.readBlob({
      fs,
      gitdir: sourceGitdir,
      oid: file.oid,
    });
    await git.writeBlob({ fs, gitdir, blob });
    files.set(filepath, file);
  }
  return writeNestedTree(gitdir, files);
}

/** The files a tree changes relative to another, for a log line or a pull request body. */
export async function changedPaths(
  gitdir: string,
  fromTreeOid: string,
  toTreeOid: string,
): Promise<string[]> {
  const before = await listTree(gitdir, fromTreeOid);
  const after = await listTree(gitdir, toTreeOid);
  return [...after]
    .filter(([p, f]) => before.get(p)?.oid !== f.oid)
    .map(([p]) => p)
    .sort();
}

/** Every file of a tree with its content, for writing it elsewhere. */
export async function readTreeFiles(gitdir: string, treeOid: string) {
  const files = [];
  for (const [filepath, file] of await listTree(gitdir, treeOid)) {
    const { blob } = await git.readBlob({ fs, gitdir, oid: file.oid });
    files.push({ path: filepath, mode: file.mode, content: blob });
  }
  return files;
}
