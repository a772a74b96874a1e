import path from 'node:path';
import { toFileUrl } from '../../lib/localRepositories';

/** What launchpad:publish outputs: links a browser opens, and a clone command to copy. */
export type PublishOutputs = {
  target: 'local' | 'github';
  remoteUrl?: string;
  cloneCommand: string;
  repoContentsUrl: string;
  catalogInfoUrl: string;
  projectSlug: string;
};

/**
 * A local repository has no page a browser may open (browsers refuse file:
 * links from a web page), so there is no remoteUrl: the user copies the clone
 * command. The file: URLs are for launchpad:catalog:register and the catalog, which
 * read them on the server.
 */
export function localOutputs(repoDir: string, repo: string): PublishOutputs {
  return {
    target: 'local',
    cloneCommand: `git clone ${repoDir}`,
    repoContentsUrl: toFileUrl(repoDir),
    catalogInfoUrl: toFileUrl(path.join(repoDir, 'catalog-info.yaml')),
    projectSlug: `local/${repo}`,
  };
}

export function githubOutputs(options: {
  htmlUrl: string;
  cloneUrl: string;
  branch: string;
  owner: string;
  repo: string;
}): PublishOutputs {
  const { htmlUrl, cloneUrl, branch, owner, repo } = options;
  return {
    target: 'github',
    remoteUrl: htmlUrl,
    cloneCommand: `git clone ${cloneUrl}`,
    repoContentsUrl: `${htmlUrl}/blob/${branch}`,
    catalogInfoUrl: `${htmlUrl}/blob/${branch}/catalog-info.yaml`,
    projectSlug: `${owner}/${repo}`,
  };
}
