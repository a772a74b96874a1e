import {
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
  PutLifecyclePolicyCommand,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import { canonicalJson } from '../../lib/ecr';
import { DesiredRepository } from './desiredState';
import { EcrSession, nullOn } from './ecrCalls';

type PolicyDocument = {
  label: string;
  desired: string;
  read: {
    step: string;
    iamAction: string;
    notFoundError: string;
    send: () => Promise<string | undefined>;
  };
  write: {
    step: string;
    iamAction: string;
    send: (text: string) => Promise<unknown>;
  };
};

/**
 * Reads a policy document of the repository (none for a repository just
 * created, or when AWS answers `read.notFoundError`) and writes the desired
 * one unless both are the same JSON.
 */
async function reconcilePolicyDocument(
  session: EcrSession,
  justCreated: boolean,
  policy: PolicyDocument,
) {
  const { call, logger } = session;
  const { label, read, write } = policy;
  const current = justCreated
    ? undefined
    : await call<string | null>(read.step, read.iamAction, () =>
        nullOn(read.notFoundError, async () => (await read.send()) ?? null),
      );
  if (current && canonicalJson(current) === canonicalJson(policy.desired)) {
    logger.info(`${label} unchanged`);
    return;
  }
  await call(write.step, write.iamAction, () =>
    write.send(policy.desired).then(() => undefined),
  );
  logger.info(current ? `${label} updated` : `${label} set`);
}

/** The lifecycle and repository policies the input asks for, each written only when it differs. */
export async function reconcilePolicyDocuments(
  session: EcrSession,
  registryId: string,
  justCreated: boolean,
  desired: DesiredRepository,
) {
  const { client, name } = session;
  const repository = { repositoryName: name, registryId };
  if (desired.lifecyclePolicy) {
    await reconcilePolicyDocument(session, justCreated, {
      label: 'Lifecycle policy',
      desired: desired.lifecyclePolicy,
      read: {
        step: 'get-lifecycle-policy',
        iamAction: 'ecr:GetLifecyclePolicy',
        notFoundError: 'LifecyclePolicyNotFoundException',
        send: () =>
          client
            .send(new GetLifecyclePolicyCommand(repository))
            .then(res => res.lifecyclePolicyText),
      },
      write: {
        step: 'put-lifecycle-policy',
        iamAction: 'ecr:PutLifecyclePolicy',
        send: text =>
          client.send(
            new PutLifecyclePolicyCommand({
              ...repository,
              lifecyclePolicyText: text,
            }),
          ),
      },
    });
  }
  if (desired.repositoryPolicy) {
    await reconcilePolicyDocument(session, justCreated, {
      label: 'Repository policy',
      desired: desired.repositoryPolicy,
      read: {
        step: 'get-repository-policy',
        iamAction: 'ecr:GetRepositoryPolicy',
        notFoundError: 'RepositoryPolicyNotFoundException',
        send: () =>
          client
            .send(new GetRepositoryPolicyCommand(repository))
            .then(res => res.policyText),
      },
      write: {
        step: 'set-repository-policy',
        iamAction: 'ecr:SetRepositoryPolicy',
        send: text =>
          client.send(
            new SetRepositoryPolicyCommand({ ...repository, policyText: text }),
          ),
      },
    });
  }
}
