import { Config } from '@backstage/config';
import { readLocalPublishSettings } from './localRepositories';

export type PublishTarget = 'local' | 'github';

export type PublishSettings = {
  /** Where new repositories go: the local directory of the embedded default, or GitHub. */
  target: PublishTarget;
  github: {
    host: string;
    /** GitHub owners new repositories may be created under; empty: any. */
    allowedOwners: string[];
    visibility: 'private' | 'internal' | 'public';
  };
};

/**
 * Reads launchpad.publish. Without launchpad.publish.target, the portal
 * publishes locally when local publishing is enabled, else to GitHub.
 */
export function readPublishSettings(config: Config): PublishSettings {
  const target =
    (config.getOptionalString('launchpad.publish.target') as
      | PublishTarget
      | undefined) ??
    (readLocalPublishSettings(config).enabled ? 'local' : 'github');
  if (target !== 'local' && target !== 'github') {
    throw new Error(
      `launchpad.publish.target must be 'local' or 'github', not '${target}'`,
    );
  }
  const visibility =
    config.getOptionalString('launchpad.publish.github.visibility') ??
    'private';
  if (!['private', 'internal', 'public'].includes(visibility)) {
    throw new Error(
      `launchpad.publish.github.visibility must be 'private', 'internal' or 'public', not '${visibility}'`,
    );
  }
  return {
    target,
    github: {
      host:
        config.getOptionalString('launchpad.publish.github.host') ??
        'github.com',
      allowedOwners:
        config.getOptionalStringArray(
          'launchpad.publish.github.allowedOwners',
        ) ?? [],
      visibility: visibility as PublishSettings['github']['visibility'],
    },
  };
}
