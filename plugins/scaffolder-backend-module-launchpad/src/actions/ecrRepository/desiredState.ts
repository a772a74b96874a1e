import { buildLifecyclePolicy } from '../../lib/ecr';
import { Input } from './inputSchema';

/** The repository as the input asks for it, with ECR's defaults filled in. */
export type DesiredRepository = {
  name: string;
  imageTagMutability: 'IMMUTABLE' | 'MUTABLE';
  scanOnPush: boolean;
  encryptionType: 'AES256' | 'KMS';
  kmsKey?: string;
  lifecyclePolicy?: string;
  repositoryPolicy?: string;
  tags: Record<string, string>;
};

export function desiredRepository(input: Input): DesiredRepository {
  return {
    name: input.repositoryName,
    imageTagMutability: input.imageTagMutability ?? 'IMMUTABLE',
    scanOnPush: input.scanOnPush ?? true,
    encryptionType: input.encryption?.type ?? 'AES256',
    kmsKey: input.encryption?.kmsKey,
    lifecyclePolicy: input.lifecyclePolicy
      ? buildLifecyclePolicy(input.lifecyclePolicy)
      : undefined,
    repositoryPolicy:
      input.repositoryPolicy === undefined
        ? undefined
        : JSON.stringify(
            typeof input.repositoryPolicy === 'string'
              ? JSON.parse(input.repositoryPolicy)
              : input.repositoryPolicy,
          ),
    tags: input.tags ?? {},
  };
}

/** The dry run's log line: what a real run would create or reconcile. */
export function describePlan(
  desired: DesiredRepository,
  region: string,
  accountId?: string,
) {
  return `Dry run: would create ECR repository ${desired.name} in ${region}${
    accountId ? ` (account ${accountId})` : ''
  }, or adopt it if it exists: tags ${
    desired.imageTagMutability
  }, scan on push ${desired.scanOnPush ? 'on' : 'off'}, encryption ${
    desired.encryptionType
  }${
    desired.lifecyclePolicy
      ? `, lifecycle policy ${desired.lifecyclePolicy}`
      : ''
  }${desired.repositoryPolicy ? ', a repository policy' : ''}${
    Object.keys(desired.tags).length
      ? `, tags ${Object.keys(desired.tags).join(', ')}`
      : ''
  }. No AWS call was made.`;
}
