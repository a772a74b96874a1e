import { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Default location of local repositories, relative to the backend's working directory. */
export const DEFAULT_LOCAL_BASE_DIRECTORY = '../../.data/repositories';

/**
 * A repository name that is safe as a single directory name: no separators, no
 * leading dot (so neither `.` nor `..` nor hidden directories), and the
 * characters GitHub accepts in repository names.
 */
export const LOCAL_REPO_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export type LocalPublishSettings = {
  enabled: boolean;
  baseDirectory: string;
};

export function readLocalPublishSettings(config: Config): LocalPublishSettings {
  const enabled =
    config.getOptionalBoolean('launchpad.publish.local.enabled') ?? false;
  const configured =
    config.getOptionalString('launchpad.publish.local.baseDirectory') ??
    DEFAULT_LOCAL_BASE_DIRECTORY;
  return { enabled, baseDirectory: path.resolve(configured) };
}

export function assertLocalPublishEnabled(
  settings: LocalPublishSettings,
  actionId: string,
) {
  if (!settings.enabled) {
    throw new NotAllowedError(
      `${actionId} is disabled; set launchpad.publish.local.enabled to true in app-config to publish into ${settings.baseDirectory}`,
    );
  }
}

/** Resolves a repository name to its directory, refusing anything that would leave the base directory. */
export function resolveRepositoryDirectory(
  baseDirectory: string,
  repoName: string,
): string {
  if (!LOCAL_REPO_NAME_PATTERN.test(repoName)) {
    throw new InputError(
      `Invalid input: repoName: must be a single directory name (letters, digits, '.', '_', '-', not starting with '.')`,
    );
  }
  const target = path.resolve(baseDirectory, repoName);
  if (!isInside(baseDirectory, target)) {
    throw new InputError(
      `Invalid input: repoName: resolves outside the local repository directory`,
    );
  }
  return target;
}

/** True when `candidate` is strictly below `parent`. Both must be absolute. */
export function isInside(parent: string, candidate: string): boolean {
  const relative = path.relative(parent, candidate);
  return (
    relative !== '' &&
    relative.split(path.sep)[0] !== '..' &&
    !path.isAbsolute(relative)
  );
}

export function toFileUrl(absolutePath: string): string {
  return pathToFileURL(absolutePath).toString();
}
