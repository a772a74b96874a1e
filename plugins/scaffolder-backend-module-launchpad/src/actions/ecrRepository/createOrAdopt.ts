import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
} from '@aws-sdk/client-ecr';
import { DesiredRepository } from './desiredState';
import { EcrSession, nullOn, RepositorySummary, summarize } from './ecrCalls';

/**
 * Finds the repository, or creates it with the desired settings. A repository
 * created by someone else between the lookup and the creation is adopted.
 */
export async function createOrAdopt(
  session: EcrSession,
  desired: DesiredRepository,
): Promise<{ repo: RepositorySummary; created: boolean }> {
  const { client, call, name, accountId } = session;
  const registry = accountId ? { registryId: accountId } : {};
  const existing = await call<RepositorySummary | null>(
    'describe',
    'ecr:DescribeRepositories',
    () =>
      nullOn('RepositoryNotFoundException', async () => {
        const res = await client.send(
          new DescribeRepositoriesCommand({
            repositoryNames: [name],
            ...registry,
          }),
        );
        const repo = res.repositories?.[0];
        return repo ? summarize(repo) : null;
      }),
  );
  if (existing) {
    return { repo: existing, created: false };
  }
  const created = await call<RepositorySummary | null>(
    'create',
    'ecr:CreateRepository',
    () =>
      nullOn('RepositoryAlreadyExistsException', async () => {
        const res = await client.send(
          new CreateRepositoryCommand({
            repositoryName: name,
            ...registry,
            imageTagMutability: desired.imageTagMutability,
            imageScanningConfiguration: { scanOnPush: desired.scanOnPush },
            encryptionConfiguration: {
              encryptionType: desired.encryptionType,
              ...(desired.kmsKey ? { kmsKey: desired.kmsKey } : {}),
            },
            tags: Object.entries(desired.tags).map(([Key, Value]) => ({
              Key,
              Value,
            })),
          }),
        );
        return summarize(res.repository!);
      }),
  );
  if (created) {
    return { repo: created, created: true };
  }
  const adopted = await call<RepositorySummary>(
    'describe-after-conflict',
    'ecr:DescribeRepositories',
    async () => {
      const res = await client.send(
        new DescribeRepositoriesCommand({ repositoryNames: [name] }),
      );
      return summarize(res.repositories![0]);
    },
  );
  return { repo: adopted, created: false };
}
