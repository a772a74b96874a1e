import { ECRClient, Repository } from '@aws-sdk/client-ecr';
import { AwsCredentialProvider } from '@backstage/integration-aws-node';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { describeEcrError } from '../../lib/ecr';

export type EcrClientFactory = (options: {
  region: string;
  credentials: AwsCredentialProvider['sdkCredentialProvider'];
  maxAttempts: number;
}) => ECRClient;

export const defaultClientFactory: EcrClientFactory = ({
  region,
  credentials,
  maxAttempts,
}) =>
  // The SDK's standard retry strategy backs off on throttling and 5xx.
  new ECRClient({ region, credentials, maxAttempts, retryMode: 'standard' });

export type RepositorySummary = {
  repositoryUri: string;
  repositoryArn: string;
  registryId: string;
  imageTagMutability?: string;
  scanOnPush?: boolean;
  encryptionType?: string;
  kmsKey?: string;
};

export const summarize = (repo: Repository): RepositorySummary => ({
  repositoryUri: repo.repositoryUri!,
  repositoryArn: repo.repositoryArn!,
  registryId: repo.registryId!,
  imageTagMutability: repo.imageTagMutability,
  scanOnPush: repo.imageScanningConfiguration?.scanOnPush,
  encryptionType: repo.encryptionConfiguration?.encryptionType,
  kmsKey: repo.encryptionConfiguration?.kmsKey,
});

/** Resolves to null instead of failing when AWS answers with the named exception. */
export async function nullOn<T>(
  exceptionName: string,
  fn: () => Promise<T>,
): Promise<T | null> {
  try {
    return await fn();
  } catch (e) {
    if ((e as Error).name === exceptionName) {
      return null;
    }
    throw e;
  }
}

/** Runs one AWS call inside its own checkpoint, with its errors made readable. */
export type EcrCall = <T>(
  step: string,
  iamAction: string,
  fn: () => Promise<T>,
) => Promise<T>;

/** Everything the reconciliation of one repository needs. */
export type EcrSession = {
  client: ECRClient;
  call: EcrCall;
  name: string;
  accountId?: string;
  logger: ActionContext<any, any>['logger'];
};

export function createEcrSession(options: {
  ctx: Pick<ActionContext<any, any>, 'checkpoint' | 'logger'>;
  client: ECRClient;
  name: string;
  region: string;
  accountId?: string;
}): EcrSession {
  const { ctx, client, name, region, accountId } = options;
  const resource = `repository ${name} in ${region}`;
  const call: EcrCall = async (step, iamAction, fn) =>
    (ctx.checkpoint as (options: object) => Promise<any>)({
      key: `launchpad.aws.ecr.${region}.${name}.${step}`,
      fn: async () => {
        try {
          return (await fn()) as any;
        } catch (e) {
          throw describeEcrError(e, iamAction, resource);
        }
      },
    });
  return { client, call, name, accountId, logger: ctx.logger };
}
