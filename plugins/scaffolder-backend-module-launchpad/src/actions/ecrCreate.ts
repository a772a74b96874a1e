import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
  ListTagsForResourceCommand,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
  Repository,
  SetRepositoryPolicyCommand,
  TagResourceCommand,
} from '@aws-sdk/client-ecr';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AwsCredentialProvider,
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import {
  AWS_REGION_PATTERN,
  buildLifecyclePolicy,
  canonicalJson,
  describeEcrError,
  ECR_REPOSITORY_NAME_PATTERN,
  tagProblems,
} from '../lib/ecr';
import {
  LIFECYCLE_POLICY_TEXT_MAX_LENGTH,
  lifecyclePolicyProblems,
  REPOSITORY_POLICY_TEXT_MAX_LENGTH,
  repositoryPolicyProblems,
} from '../lib/ecrPolicyDocuments';
import { parseActionInput } from '../lib/validation';
import { examples } from './ecrCreate.examples';

export const ECR_CREATE_ACTION_ID = 'launchpad:aws:ecr:create';

const DEFAULT_MAX_ATTEMPTS = 5;

/** The error of a policy that is neither JSON text nor an object. */
const POLICY_TYPE_ERROR = {
  errorMap: () => ({ message: 'must be a JSON object, or JSON text of one' }),
};

/**
 * Checks a policy document given as JSON text or as an object: that the text
 * parses, that the document has the shape ECR expects, and that the JSON text
 * sent to ECR (compact, as written by JSON.stringify) fits ECR's length limit.
 */
const checkPolicyDocument =
  (problemsOf: (doc: unknown) => string[], maxTextLength: number) =>
  (value: string | Record<string, unknown>, ctx: z.RefinementCtx) => {
    let doc: unknown = value;
    if (typeof value === 'string') {
      try {
        doc = JSON.parse(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return;
      }
    }
    const problems = problemsOf(doc);
    if (JSON.stringify(doc).length > maxTextLength) {
      problems.push(
        `must be at most ${maxTextLength} characters as JSON text (ECR limit)`,
      );
    }
    for (const message of problems) {
      ctx.addIssue({ code: 'custom', message });
    }
  };

export const inputSchema = (zImpl: typeof z) =>
  zImpl
    .object({
      repositoryName: zImpl
        .string({
          description:
            'Repository name: lowercase letters, digits, . _ - and / between path parts (ECR naming rules), 2 to 256 characters',
        })
        .min(2, 'must be 2 to 256 characters')
        .max(256, 'must be 2 to 256 characters')
        .regex(
          ECR_REPOSITORY_NAME_PATTERN,
          "must follow ECR naming rules: lowercase letters and digits, in parts joined by a single '.', '_' or '-', with '/' between path parts; no separator at the start or end",
        ),
      region: zImpl
        .string({
          description:
            'AWS region, for example eu-west-1. Default: launchpad.aws.ecr.defaultRegion',
        })
        .regex(
          AWS_REGION_PATTERN,
          'is not an AWS region name such as eu-west-1',
        )
        .optional(),
      accountId: zImpl
        .string({
          description:
            'AWS account ID whose credentials (aws.accounts in app-config) are used. Default: launchpad.aws.ecr.defaultAccountId, else the main account / default credential chain',
        })
        .regex(/^\d{12}$/, 'must be a 12-digit AWS account ID')
        .optional(),
      imageTagMutability: zImpl
        .enum(['IMMUTABLE', 'MUTABLE'], {
          description: "Image tag mutability. Default: 'IMMUTABLE'",
        })
        .optional(),
      scanOnPush: zImpl
        .boolean({ description: 'Scan images on push. Default: true' })
        .optional(),
      encryption: zImpl
        .object(
          {
            type: zImpl.enum(['AES256', 'KMS'], {
              description: "'AES256' (default) or 'KMS'",
            }),
            kmsKey: zImpl
              .string({
                description:
                  'KMS key ARN, ID or alias; only with type KMS (AWS-managed key when omitted)',
              })
              .min(1)
              .max(2048)
              .optional(),
          },
          {
            description:
              'Encryption at rest. Fixed at creation: an adopted repository keeps its own',
          },
        )
        .refine(e => e.type === 'KMS' || e.kmsKey === undefined, {
          message: 'kmsKey is only allowed with type KMS',
          path: ['kmsKey'],
        })
        .optional(),
      lifecyclePolicy: zImpl
        .object(
          {
            keepLastImages: zImpl
              .number({ description: 'Keep only the N most recent images' })
              .int()
              .min(1)
              .max(10000)
              .optional(),
            expireUntaggedAfterDays: zImpl
              .number({
                description: 'Expire untagged images N days after push',
              })
              .int()
              .min(1)
              .max(3650)
              .optional(),
            raw: zImpl
              .union([zImpl.string(), zImpl.record(zImpl.any())], {
                description:
                  'A complete lifecycle policy document (JSON text or object) instead of the presets: { "rules": [...] }',
                ...POLICY_TYPE_ERROR,
              })
              .superRefine(
                checkPolicyDocument(
                  lifecyclePolicyProblems,
                  LIFECYCLE_POLICY_TEXT_MAX_LENGTH,
                ),
              )
              .optional(),
          },
          { description: 'Lifecycle policy: presets or a raw document' },
        )
        .refine(
          p =>
            p.raw === undefined ||
            (p.keepLastImages === undefined &&
              p.expireUntaggedAfterDays === undefined),
          { message: 'raw cannot be combined with the presets', path: ['raw'] },
        )
        .optional(),
      repositoryPolicy: zImpl
        .union([zImpl.string(), zImpl.record(zImpl.any())], {
          description:
            'Repository policy document (JSON text or object) with Version and Statement, for example to allow pulls from other accounts',
          ...POLICY_TYPE_ERROR,
        })
        .superRefine(
          checkPolicyDocument(
            repositoryPolicyProblems,
            REPOSITORY_POLICY_TEXT_MAX_LENGTH,
          ),
        )
        .optional(),
      tags: zImpl
        .record(zImpl.string(), {
          description:
            "Tags to set on the repository (existing other tags are kept): at most 50, keys of 1 to 128 characters, values of at most 256, nothing starting with 'aws:'",
        })
        .superRefine((tags, ctx) => {
          for (const { key, message } of tagProblems(tags)) {
            ctx.addIssue({
              code: 'custom',
              message,
              path: key === undefined ? [] : [key],
            });
          }
        })
        .optional(),
    })
    .strict();

type Input = z.output<ReturnType<typeof inputSchema>>;

type RepositorySummary = {
  repositoryUri: string;
  repositoryArn: string;
  registryId: string;
  imageTagMutability?: string;
  scanOnPush?: boolean;
  encryptionType?: string;
  kmsKey?: string;
};

/** Resolves to null instead of failing when AWS answers with the named exception. */
async function nullOn<T>(
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

const summarize = (repo: Repository): RepositorySummary => ({
  repositoryUri: repo.repositoryUri!,
  repositoryArn: repo.repositoryArn!,
  registryId: repo.registryId!,
  imageTagMutability: repo.imageTagMutability,
  scanOnPush: repo.imageScanningConfiguration?.scanOnPush,
  encryptionType: repo.encryptionConfiguration?.encryptionType,
  kmsKey: repo.encryptionConfiguration?.kmsKey,
});

export type EcrClientFactory = (options: {
  region: string;
  credentials: AwsCredentialProvider['sdkCredentialProvider'];
  maxAttempts: number;
}) => ECRClient;

const defaultClientFactory: EcrClientFactory = ({
  region,
  credentials,
  maxAttempts,
}) =>
  // The SDK's standard retry strategy backs off on throttling and 5xx.
  new ECRClient({ region, credentials, maxAttempts, retryMode: 'standard' });

/**
 * Creates (or adopts and reconciles) an ECR repository.
 */
export function createEcrCreateAction(options: {
  config: Config;
  credentialsManager?: AwsCredentialsManager;
  clientFactory?: EcrClientFactory;
}) {
  const { config } = options;
  const credentialsManager =
    options.credentialsManager ??
    DefaultAwsCredentialsManager.fromConfig(config);
  const clientFactory = options.clientFactory ?? defaultClientFactory;

  return createTemplateAction({
    id: ECR_CREATE_ACTION_ID,
    description:
      'Creates an Amazon ECR repository, or adopts an existing one and reconciles its settings: tag immutability, scan on push, encryption, lifecycle policy, repository policy and tags.',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: {
        repositoryUri: zImpl =>
          zImpl.string({
            description:
              'URI to push to, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/name',
          }),
        repositoryArn: zImpl => zImpl.string({ description: 'Repository ARN' }),
        registryId: zImpl =>
          zImpl.string({ description: 'Registry (AWS account) ID' }),
        region: zImpl =>
          zImpl.string({ description: 'Region of the repository' }),
        created: zImpl =>
          zImpl.boolean({
            description:
              'true when this run created the repository, false when it adopted an existing one',
          }),
      },
    },
    async handler(ctx) {
      const input: Input = parseActionInput(inputSchema(z), ctx.input);
      const region =
        input.region ??
        config.getOptionalString('launchpad.aws.ecr.defaultRegion');
      if (!region) {
        throw new InputError(
          'Invalid input: region: required (no launchpad.aws.ecr.defaultRegion configured)',
        );
      }
      const accountId =
        input.accountId ??
        config.getOptionalString('launchpad.aws.ecr.defaultAccountId');
      const name = input.repositoryName;
      const desired = {
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
      const resource = `repository ${name} in ${region}`;

      if (ctx.isDryRun) {
        const registry = accountId ?? '<account-id>';
        ctx.logger.info(
          `Dry run: would create ECR ${resource}${
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
          }. No AWS call was made.`,
        );
        ctx.output(
          'repositoryUri',
          `${registry}.dkr.ecr.${region}.amazonaws.com/${name}`,
        );
        ctx.output(
          'repositoryArn',
          `arn:aws:ecr:${region}:${registry}:repository/${name}`,
        );
        ctx.output('registryId', registry);
        ctx.output('region', region);
        ctx.output('created', false);
        return;
      }

      const { sdkCredentialProvider } =
        await credentialsManager.getCredentialProvider(
          accountId ? { accountId } : {},
        );
      const client = clientFactory({
        region,
        credentials: sdkCredentialProvider,
        maxAttempts:
          config.getOptionalNumber('launchpad.aws.ecr.maxAttempts') ??
          DEFAULT_MAX_ATTEMPTS,
      });

      /** One AWS call, inside its own checkpoint, with errors made readable. */
      const call = async <T>(
        step: string,
        iamAction: string,
        fn: () => Promise<T>,
      ): Promise<T> =>
        ctx.checkpoint({
          key: `launchpad.aws.ecr.${region}.${name}.${step}`,
          fn: async () => {
            try {
              return (await fn()) as any;
            } catch (e) {
              throw describeEcrError(e, iamAction, resource);
            }
          },
        }) as Promise<T>;

      const describe = () =>
        call<RepositorySummary | null>(
          'describe',
          'ecr:DescribeRepositories',
          () =>
            nullOn('RepositoryNotFoundException', async () => {
              const res = await client.send(
                new DescribeRepositoriesCommand({
                  repositoryNames: [name],
                  ...(accountId ? { registryId: accountId } : {}),
                }),
              );
              const repo = res.repositories?.[0];
              return repo ? summarize(repo) : null;
            }),
        );

      let repo = await describe();
      let created = false;
      if (!repo) {
        const result = await call<RepositorySummary | null>(
          'create',
          'ecr:CreateRepository',
          () =>
            // Created by someone else between describe and create: adopt it.
            nullOn('RepositoryAlreadyExistsException', async () => {
              const res = await client.send(
                new CreateRepositoryCommand({
                  repositoryName: name,
                  ...(accountId ? { registryId: accountId } : {}),
                  imageTagMutability: desired.imageTagMutability,
                  imageScanningConfiguration: {
                    scanOnPush: desired.scanOnPush,
                  },
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
        if (result) {
          repo = result;
          created = true;
          ctx.logger.info(`Created ECR ${resource}: ${repo.repositoryUri}`);
        } else {
          repo = await call<RepositorySummary | null>(
            'describe-after-conflict',
            'ecr:DescribeRepositories',
            async () => {
              const res = await client.send(
                new DescribeRepositoriesCommand({ repositoryNames: [name] }),
              );
              return summarize(res.repositories![0]);
            },
          );
        }
      }
      if (!repo) {
        throw new Error(
          `ECR ${resource} could neither be created nor described`,
        );
      }

      if (!created) {
        ctx.logger.info(
          `ECR ${resource} already exists (${repo.repositoryUri}); adopting it and reconciling its settings`,
        );
        await reconcileExisting(repo);
      }

      const registryId = repo.registryId;
      if (desired.lifecyclePolicy) {
        await reconcilePolicyDocument({
          label: 'Lifecycle policy',
          desired: desired.lifecyclePolicy,
          read: {
            step: 'get-lifecycle-policy',
            iamAction: 'ecr:GetLifecyclePolicy',
            notFoundError: 'LifecyclePolicyNotFoundException',
            send: () =>
              client
                .send(
                  new GetLifecyclePolicyCommand({
                    repositoryName: name,
                    registryId,
                  }),
                )
                .then(res => res.lifecyclePolicyText),
          },
          write: {
            step: 'put-lifecycle-policy',
            iamAction: 'ecr:PutLifecyclePolicy',
            send: text =>
              client.send(
                new PutLifecyclePolicyCommand({
                  repositoryName: name,
                  registryId,
                  lifecyclePolicyText: text,
                }),
              ),
          },
        });
      }

      if (desired.repositoryPolicy) {
        await reconcilePolicyDocument({
          label: 'Repository policy',
          desired: desired.repositoryPolicy,
          read: {
            step: 'get-repository-policy',
            iamAction: 'ecr:GetRepositoryPolicy',
            notFoundError: 'RepositoryPolicyNotFoundException',
            send: () =>
              client
                .send(
                  new GetRepositoryPolicyCommand({
                    repositoryName: name,
                    registryId,
                  }),
                )
                .then(res => res.policyText),
          },
          write: {
            step: 'set-repository-policy',
            iamAction: 'ecr:SetRepositoryPolicy',
            send: text =>
              client.send(
                new SetRepositoryPolicyCommand({
                  repositoryName: name,
                  registryId,
                  policyText: text,
                }),
              ),
          },
        });
      }

      ctx.output('repositoryUri', repo.repositoryUri);
      ctx.output('repositoryArn', repo.repositoryArn);
      ctx.output('registryId', repo.registryId);
      ctx.output('region', region);
      ctx.output('created', created);

      /**
       * Reads a policy document of the repository (none for a repository just
       * created, or when AWS answers `read.notFoundError`) and writes the
       * desired one unless both are the same JSON.
       */
      async function reconcilePolicyDocument(policy: {
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
      }) {
        const { label, read, write } = policy;
        const current = created
          ? undefined
          : await call<string | null>(read.step, read.iamAction, () =>
              nullOn(
                read.notFoundError,
                async () => (await read.send()) ?? null,
              ),
            );
        if (
          current &&
          canonicalJson(current) === canonicalJson(policy.desired)
        ) {
          ctx.logger.info(`${label} unchanged`);
        } else {
          await call(write.step, write.iamAction, () =>
            write.send(policy.desired).then(() => undefined),
          );
          ctx.logger.info(current ? `${label} updated` : `${label} set`);
        }
      }

      async function reconcileExisting(current: RepositorySummary) {
        if (current.imageTagMutability !== desired.imageTagMutability) {
          await call(
            'put-image-tag-mutability',
            'ecr:PutImageTagMutability',
            () =>
              client
                .send(
                  new PutImageTagMutabilityCommand({
                    repositoryName: name,
                    registryId: current.registryId,
                    imageTagMutability: desired.imageTagMutability,
                  }),
                )
                .then(() => undefined),
          );
          ctx.logger.info(
            `Image tag mutability changed from ${current.imageTagMutability} to ${desired.imageTagMutability}`,
          );
        } else {
          ctx.logger.info(
            `Image tag mutability unchanged (${desired.imageTagMutability})`,
          );
        }

        if (current.scanOnPush !== desired.scanOnPush) {
          await call(
            'put-image-scanning',
            'ecr:PutImageScanningConfiguration',
            () =>
              client
                .send(
                  new PutImageScanningConfigurationCommand({
                    repositoryName: name,
                    registryId: current.registryId,
                    imageScanningConfiguration: {
                      scanOnPush: desired.scanOnPush,
                    },
                  }),
                )
                .then(() => undefined),
          );
          ctx.logger.info(
            `Scan on push turned ${desired.scanOnPush ? 'on' : 'off'}`,
          );
        } else {
          ctx.logger.info('Scan on push unchanged');
        }

        if (
          current.encryptionType !== desired.encryptionType ||
          (desired.kmsKey && current.kmsKey !== desired.kmsKey)
        ) {
          ctx.logger.warn(
            `Encryption cannot change after creation: the existing repository uses ${
              current.encryptionType
            }${
              current.kmsKey ? ` (${current.kmsKey})` : ''
            }, not the requested ${desired.encryptionType}; keeping it`,
          );
        }

        const wanted = Object.entries(desired.tags);
        if (wanted.length) {
          const existing = await call<Record<string, string>>(
            'list-tags',
            'ecr:ListTagsForResource',
            async () => {
              const res = await client.send(
                new ListTagsForResourceCommand({
                  resourceArn: current.repositoryArn,
                }),
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
            ctx.logger.info(`Tags set: ${changed.map(([k]) => k).join(', ')}`);
          } else {
            ctx.logger.info('Tags unchanged');
          }
        }
      }
    },
  });
}
