import {
  ListTagsForResourceCommand,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  TagResourceCommand,
} from '@aws-sdk/client-ecr';
import { DesiredRepository } from './desiredState';
import { EcrSession, RepositorySummary } from './ecrCalls';

/**
 * Brings an adopted repository's settings to the desired ones: tag
 * mutability, scan on push and tags are changed where they differ (other tags
 * are kept); encryption cannot change after creation, so a difference is a
 * warning.
 */
export async function reconcileRepositorySettings(
  session: EcrSession,
  current: RepositorySummary,
  desired: DesiredRepository,
) {
  const { client, call, name, logger } = session;
  const registryId = current.registryId;

  if (current.imageTagMutability !== desired.imageTagMutability) {
    await call('put-image-tag-mutability', 'ecr:PutImageTagMutability', () =>
      client
        .send(
          new PutImageTagMutabilityCommand({
            repositoryName: name,
            registryId,
            imageTagMutability: desired.imageTagMutability,
          }),
        )
        .then(() => undefined),
    );
    logger.info(
      `Image tag mutability changed from ${current.imageTagMutability} to ${desired.imageTagMutability}`,
    );
  } else {
    logger.info(
      `Image tag mutability unchanged (${desired.imageTagMutability})`,
    );
  }

  if (current.scanOnPush !== desired.scanOnPush) {
    await call('put-image-scanning', 'ecr:PutImageScanningConfiguration', () =>
      client
        .send(
          new PutImageScanningConfigurationCommand({
            repositoryName: name,
            registryId,
            imageScanningConfiguration: { scanOnPush: desired.scanOnPush },
          }),
        )
        .then(() => undefined),
    );
    logger.info(`Scan on push turned ${desired.scanOnPush ? 'on' : 'off'}`);
  } else {
    logger.info('Scan on push unchanged');
  }

  if (
    current.encryptionType !== desired.encryptionType ||
    (desired.kmsKey && current.kmsKey !== desired.kmsKey)
  ) {
    logger.warn(
      `Encryption cannot change after creation: the existing repository uses ${
        current.encryptionType
      }${current.kmsKey ? ` (${current.kmsKey})` : ''}, not the requested ${
        desired.encryptionType
      }; keeping it`,
    );
  }

  const wanted = Object.entries(desired.tags);
  if (!wanted.length) {
    return;
  }
  const existing = await call<Record<string, string>>(
    'list-tags',
    'ecr:ListTagsForResource',
    async () => {
      const res = await client.send(
        new ListTagsForResourceCommand({ resourceArn: current.repositoryArn }),
      );
      return Object.fromEntries(
        (res.tags ?? []).map(t => [t.Key!, t.Value ?? '']),
      );
    },
  );
  const changed = wanted.filter(([k, v]) => existing[k] !== v);
  if (changed.length) {
    await call('tag-resource', 'ecr:TagResource', () =>
      client
        .send(
          new TagResourceCommand({
            resourceArn: current.repositoryArn,
            tags: changed.map(([Key, Value]) => ({ Key, Value })),
          }),
        )
        .then(() => undefined),
    );
    logger.info(`Tags set: ${changed.map(([k]) => k).join(', ')}`);
  } else {
    logger.info('Tags unchanged');
  }
}
