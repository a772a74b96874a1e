import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  ECRServiceException,
  GetLifecyclePolicyCommand,
  GetRepositoryPolicyCommand,
  LifecyclePolicyNotFoundException,
  ListTagsForResourceCommand,
  PutImageScanningConfigurationCommand,
  PutImageTagMutabilityCommand,
  PutLifecyclePolicyCommand,
  RepositoryNotFoundException,
  RepositoryPolicyNotFoundException,
  SetRepositoryPolicyCommand,
  TagResourceCommand,
} from '@aws-sdk/client-ecr';
import { ConfigReader } from '@backstage/config';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import yaml from 'yaml';
import { createTestContext } from '../__testUtils__/actionContext';
import { createEcrCreateAction } from './ecrCreate';
import { examples } from './ecrCreate.examples';

const ecrMock = mockClient(ECRClient);

const staticCredentials = async () => ({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
});

const credentialsManager: jest.Mocked<AwsCredentialsManager> = {
  getCredentialProvider: jest.fn(async () => ({
    sdkCredentialProvider: staticCredentials,
  })),
};

// AWS is configured: the action talks to (mocked) ECR instead of skipping.
const config = new ConfigReader({
  launchpad: { aws: { ecr: { enabled: true } } },
});

const repository = (name: string, overrides: object = {}) => ({
  repositoryArn: `arn:aws:ecr:eu-west-1:123456789012:repository/${name}`,
  registryId: '123456789012',
  repositoryName: name,
  repositoryUri: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${name}`,
  imageTagMutability: 'IMMUTABLE' as const,
  imageScanningConfiguration: { scanOnPush: true },
  encryptionConfiguration: { encryptionType: 'AES256' as const },
  ...overrides,
});

const notFound = () =>
  new RepositoryNotFoundException({
    message: "The repository with name 'x' does not exist",
    $metadata: { httpStatusCode: 400 },
  });

const awsError = (name: string, message: string, httpStatusCode = 400) =>
  new ECRServiceException({
    name,
    $fault: 'client',
    message,
    $metadata: { httpStatusCode, attempts: 5 },
  });

/** A repository policy ECR accepts: another account may pull. */
const pullPolicy = (accountId: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowPull',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${accountId}:root` },
      Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    },
  ],
});

const action = () => createEcrCreateAction({ config, credentialsManager });

/** Runs the action on this input and returns what it threw. */
const errorOf = (input: Record<string, unknown>) =>
  action()
    .handler(createTestContext({ input }).ctx)
    .catch(e => e);

describe('launchpad:aws:ecr:create', () => {
  beforeEach(() => {
    ecrMock.reset();
    credentialsManager.getCredentialProvider.mockClear();
  });

  it('creates a repository with immutable tags, scan on push and AES256 by default', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(notFound());
    ecrMock
      .on(CreateRepositoryCommand)
      .resolves({ repository: repository('payments/api') });
    const { ctx, outputs, logLines, checkpointKeys } = createTestContext({
      input: { repositoryName: 'payments/api', region: 'eu-west-1' },
    });

    await action().handler(ctx);

    expect(
      ecrMock.commandCalls(CreateRepositoryCommand)[0].args[0].input,
    ).toEqual({
      repositoryName: 'payments/api',
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: { encryptionType: 'AES256' },
      tags: [],
    });
    expect(outputs()).toEqual({
      repositoryUri:
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments/api',
      repositoryArn:
        'arn:aws:ecr:eu-west-1:123456789012:repository/payments/api',
      registryId: '123456789012',
      region: 'eu-west-1',
      repositoryName: 'payments/api',
      created: true,
      skipped: false,
    });
    expect(logLines().join('\n')).toMatch(
      /Created ECR repository payments\/api/,
    );
    expect(checkpointKeys).toEqual([
      'launchpad.aws.ecr.eu-west-1.payments/api.describe',
      'launchpad.aws.ecr.eu-west-1.payments/api.create',
    ]);
    // Only the two checkpointed calls went to AWS.
    expect(ecrMock.calls()).toHaveLength(2);
  });

  it('sets lifecycle presets, a repository policy, KMS encryption and tags on a new repository', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(notFound());
    ecrMock
      .on(CreateRepositoryCommand)
      .resolves({ repository: repository('svc') });
    ecrMock.on(PutLifecyclePolicyCommand).resolves({});
    ecrMock.on(SetRepositoryPolicyCommand).resolves({});
    const policy = pullPolicy('210987654321');
    const { ctx } = createTestContext({
      input: {
        repositoryName: 'svc',
        region: 'eu-west-1',
        accountId: '123456789012',
        encryption: { type: 'KMS', kmsKey: 'alias/ecr' },
        lifecyclePolicy: { keepLastImages: 30, expireUntaggedAfterDays: 7 },
        repositoryPolicy: policy,
        tags: { owner: 'team-a' },
      },
    });
    await action().handler(ctx);

    expect(credentialsManager.getCredentialProvider).toHaveBeenCalledWith({
      accountId: '123456789012',
    });
    const create = ecrMock.commandCalls(CreateRepositoryCommand)[0].args[0]
      .input;
    expect(create.encryptionConfiguration).toEqual({
      encryptionType: 'KMS',
      kmsKey: 'alias/ecr',
    });
    expect(create.registryId).toBe('123456789012');
    expect(create.tags).toEqual([{ Key: 'owner', Value: 'team-a' }]);
    const lifecycle = JSON.parse(
      ecrMock.commandCalls(PutLifecyclePolicyCommand)[0].args[0].input
        .lifecyclePolicyText!,
    );
    expect(lifecycle.rules).toEqual([
      expect.objectContaining({
        rulePriority: 1,
        selection: {
          tagStatus: 'untagged',
          countType: 'sinceImagePushed',
          countUnit: 'days',
          countNumber: 7,
        },
        action: { type: 'expire' },
      }),
      expect.objectContaining({
        rulePriority: 2,
        selection: {
          tagStatus: 'any',
          countType: 'imageCountMoreThan',
          countNumber: 30,
        },
      }),
    ]);
    expect(
      JSON.parse(
        ecrMock.commandCalls(SetRepositoryPolicyCommand)[0].args[0].input
          .policyText!,
      ),
    ).toEqual(policy);
    // A new repository has no policies to read first.
    expect(ecrMock.commandCalls(GetLifecyclePolicyCommand)).toHaveLength(0);
  });

  it('adopts an existing repository and reconciles only what differs', async () => {
    ecrMock.on(DescribeRepositoriesCommand).resolves({
      repositories: [
        repository('svc', {
          imageTagMutability: 'MUTABLE',
          imageScanningConfiguration: { scanOnPush: false },
          encryptionConfiguration: {
            encryptionType: 'KMS',
            kmsKey: 'arn:aws:kms:k',
          },
        }),
      ],
    });
    ecrMock.on(PutImageTagMutabilityCommand).resolves({});
    ecrMock.on(PutImageScanningConfigurationCommand).resolves({});
    ecrMock.on(ListTagsForResourceCommand).resolves({
      tags: [
        { Key: 'owner', Value: 'team-a' },
        { Key: 'env', Value: 'old' },
      ],
    });
    ecrMock.on(TagResourceCommand).resolves({});
    ecrMock.on(GetLifecyclePolicyCommand).rejects(
      new LifecyclePolicyNotFoundException({
        message: 'none',
        $metadata: {},
      }),
    );
    ecrMock.on(PutLifecyclePolicyCommand).resolves({});
    const { ctx, logLines, outputs } = createTestContext({
      input: {
        repositoryName: 'svc',
        region: 'eu-west-1',
        tags: { owner: 'team-a', env: 'prod' },
        lifecyclePolicy: { keepLastImages: 10 },
      },
    });
    await action().handler(ctx);

    expect(ecrMock.commandCalls(CreateRepositoryCommand)).toHaveLength(0);
    expect(
      ecrMock.commandCalls(PutImageTagMutabilityCommand)[0].args[0].input,
    ).toMatchObject({ imageTagMutability: 'IMMUTABLE', repositoryName: 'svc' });
    expect(
      ecrMock.commandCalls(PutImageScanningConfigurationCommand)[0].args[0]
        .input,
    ).toMatchObject({ imageScanningConfiguration: { scanOnPush: true } });
    expect(
      ecrMock.commandCalls(TagResourceCommand)[0].args[0].input.tags,
    ).toEqual([{ Key: 'env', Value: 'prod' }]);
    expect(ecrMock.commandCalls(PutLifecyclePolicyCommand)).toHaveLength(1);
    const log = logLines().join('\n');
    expect(log).toMatch(/already exists .*adopting it/);
    expect(log).toMatch(/Encryption cannot change after creation.*KMS/);
    expect(outputs().created).toBe(false);
  });

  it('changes nothing on an adopted repository that already matches, and says so', async () => {
    const lifecycle = {
      rules: [
        {
          rulePriority: 1,
          description: 'Keep the last 10 images',
          selection: {
            tagStatus: 'any',
            countType: 'imageCountMoreThan',
            countNumber: 10,
          },
          action: { type: 'expire' },
        },
      ],
    };
    const policy = pullPolicy('210987654321');
    ecrMock
      .on(DescribeRepositoriesCommand)
      .resolves({ repositories: [repository('svc')] });
    ecrMock
      .on(ListTagsForResourceCommand)
      .resolves({ tags: [{ Key: 'owner', Value: 'team-a' }] });
    // AWS returns its own formatting: keys reordered, whitespace added.
    ecrMock.on(GetLifecyclePolicyCommand).resolves({
      lifecyclePolicyText: JSON.stringify(
        {
          rules: [
            Object.fromEntries(Object.entries(lifecycle.rules[0]).reverse()),
          ],
        },
        null,
        2,
      ),
    });
    ecrMock
      .on(GetRepositoryPolicyCommand)
      .resolves({ policyText: JSON.stringify(policy, null, 4) });
    const { ctx, logLines } = createTestContext({
      input: {
        repositoryName: 'svc',
        region: 'eu-west-1',
        tags: { owner: 'team-a' },
        lifecyclePolicy: { keepLastImages: 10 },
        repositoryPolicy: JSON.stringify(policy),
      },
    });
    await action().handler(ctx);

    const writes = ecrMock
      .calls()
      .map(c => c.args[0].constructor.name)
      .filter(n => !/^(Describe|Get|List)/.test(n));
    expect(writes).toEqual([]);
    const log = logLines().join('\n');
    for (const what of [
      'Image tag mutability',
      'Scan on push',
      'Tags',
      'Lifecycle policy',
      'Repository policy',
    ]) {
      expect(log).toMatch(new RegExp(`${what} unchanged`));
    }
  });

  it('adopts a repository created concurrently between describe and create', async () => {
    ecrMock
      .on(DescribeRepositoriesCommand)
      .rejectsOnce(notFound())
      .resolves({ repositories: [repository('svc')] });
    ecrMock
      .on(CreateRepositoryCommand)
      .rejects(awsError('RepositoryAlreadyExistsException', 'exists'));
    const { ctx, outputs } = createTestContext({
      input: { repositoryName: 'svc', region: 'eu-west-1' },
    });
    await action().handler(ctx);
    expect(outputs()).toMatchObject({
      created: false,
      registryId: '123456789012',
    });
  });

  it('names the missing IAM action when AWS denies access', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(notFound());
    ecrMock
      .on(CreateRepositoryCommand)
      .rejects(
        awsError(
          'AccessDeniedException',
          'User: arn:aws:sts::123456789012:assumed-role/backstage/i-1 is not authorized to perform: ecr:CreateRepository',
        ),
      );
    const error = await errorOf({ repositoryName: 'svc', region: 'eu-west-1' });
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toMatch(
      /AWS denied ecr:CreateRepository on repository svc in eu-west-1\. Grant the IAM permission "ecr:CreateRepository"/,
    );
  });

  it('says which repository it created when a later call fails, without a stack trace', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(notFound());
    ecrMock
      .on(CreateRepositoryCommand)
      .resolves({ repository: repository('svc') });
    ecrMock
      .on(PutLifecyclePolicyCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized', 403));
    const error = await errorOf({
      repositoryName: 'svc',
      region: 'eu-west-1',
      lifecyclePolicy: { keepLastImages: 10 },
    });
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toMatch(
      /AWS denied ecr:PutLifecyclePolicy .*Already done before the failure: created ECR repository svc in eu-west-1\. Running the task again continues from there without creating anything twice\.$/,
    );
    expect(error.stack).toBe(`NotAllowedError: ${error.message}`);
  });

  it('names ecr:DescribeRepositories when even reading is denied', async () => {
    ecrMock
      .on(DescribeRepositoriesCommand)
      .rejects(awsError('AccessDeniedException', 'denied'));
    const { ctx } = createTestContext({
      input: { repositoryName: 'svc', region: 'eu-west-1' },
    });
    await expect(action().handler(ctx)).rejects.toThrow(
      /"ecr:DescribeRepositories"/,
    );
    expect(ecrMock.commandCalls(CreateRepositoryCommand)).toHaveLength(0);
  });

  it('reports throttling that outlived the SDK retries clearly', async () => {
    ecrMock
      .on(DescribeRepositoriesCommand)
      .rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const error = await errorOf({ repositoryName: 'svc', region: 'eu-west-1' });
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toMatch(
      /ECR throttled ecr:DescribeRepositories .* after 5 attempts/,
    );
  });

  it('retries a throttled call through the real SDK retry strategy', async () => {
    // A real ECRClient (not the aws-sdk-client-mock stub) with an in-memory
    // HTTP handler: the first response is a throttling error, then success.
    ecrMock.restore();
    const requests: string[] = [];
    const responses = [
      {
        status: 400,
        body: { __type: 'ThrottlingException', message: 'Rate exceeded' },
      },
      {
        status: 400,
        body: { __type: 'RepositoryNotFoundException', message: 'none' },
      },
      {
        status: 400,
        body: { __type: 'ThrottlingException', message: 'Rate exceeded' },
      },
      { status: 200, body: { repository: repository('svc') } },
    ];
    const requestHandler = {
      async handle(request: any) {
        requests.push(request.headers['x-amz-target']);
        const next = responses.shift()!;
        return {
          response: {
            statusCode: next.status,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: Readable.from([Buffer.from(JSON.stringify(next.body))]),
          },
        };
      },
    };
    const realAction = createEcrCreateAction({
      config,
      credentialsManager,
      clientFactory: ({ region, credentials, maxAttempts }) =>
        new ECRClient({
          region,
          credentials,
          maxAttempts,
          requestHandler: requestHandler as any,
        }),
    });
    const { ctx, outputs } = createTestContext({
      input: { repositoryName: 'svc', region: 'eu-west-1' },
    });
    try {
      await realAction.handler(ctx);
    } finally {
      ecrMock.reset();
    }
    expect(requests).toEqual([
      'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories',
      'AmazonEC2ContainerRegistry_V20150921.DescribeRepositories',
      'AmazonEC2ContainerRegistry_V20150921.CreateRepository',
      'AmazonEC2ContainerRegistry_V20150921.CreateRepository',
    ]);
    expect(outputs().created).toBe(true);
  });

  it('reports the plan in dry run without calling AWS or asking for credentials', async () => {
    const { ctx, outputs, logLines } = createTestContext({
      input: {
        repositoryName: 'svc',
        region: 'eu-west-1',
        accountId: '123456789012',
        lifecyclePolicy: { keepLastImages: 5 },
      },
      isDryRun: true,
    });
    await action().handler(ctx);
    expect(ecrMock.calls()).toHaveLength(0);
    expect(credentialsManager.getCredentialProvider).not.toHaveBeenCalled();
    expect(logLines().join('\n')).toMatch(
      /Dry run: would create ECR repository svc in eu-west-1 .*IMMUTABLE.*No AWS call was made/,
    );
    expect(outputs().repositoryUri).toBe(
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/svc',
    );
  });

  it('does each AWS call once when a task is retried with its checkpoints', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(notFound());
    ecrMock
      .on(CreateRepositoryCommand)
      .resolves({ repository: repository('svc') });
    ecrMock
      .on(PutLifecyclePolicyCommand)
      .rejects(awsError('ServerException', 'boom', 500));
    const checkpoints = new Map<string, unknown>();
    const input = {
      repositoryName: 'svc',
      region: 'eu-west-1',
      lifecyclePolicy: { keepLastImages: 3 },
    };
    await expect(
      action().handler(createTestContext({ input, checkpoints }).ctx),
    ).rejects.toThrow(/boom/);
    ecrMock.on(PutLifecyclePolicyCommand).resolves({});
    await action().handler(createTestContext({ input, checkpoints }).ctx);
    expect(ecrMock.commandCalls(DescribeRepositoriesCommand)).toHaveLength(1);
    expect(ecrMock.commandCalls(CreateRepositoryCommand)).toHaveLength(1);
    expect(ecrMock.commandCalls(PutLifecyclePolicyCommand)).toHaveLength(2);
  });

  it.each([
    [{ repositoryName: 'Payments', region: 'eu-west-1' }, /repositoryName/],
    [{ repositoryName: 'a//b', region: 'eu-west-1' }, /repositoryName/],
    [{ repositoryName: 'svc', region: 'Europe' }, /region/],
    [{ repositoryName: 'svc' }, /region: required/],
    [
      { repositoryName: 'svc', region: 'eu-west-1', accountId: '12' },
      /accountId/,
    ],
    [
      {
        repositoryName: 'svc',
        region: 'eu-west-1',
        imageTagMutability: 'SOMETIMES',
      },
      /imageTagMutability: expected one of 'IMMUTABLE', 'MUTABLE'/,
    ],
    [
      {
        repositoryName: 'svc',
        region: 'eu-west-1',
        encryption: { type: 'AES256', kmsKey: 'k' },
      },
      /encryption.kmsKey/,
    ],
    [
      {
        repositoryName: 'svc',
        region: 'eu-west-1',
        lifecyclePolicy: { keepLastImages: 0 },
      },
      /lifecyclePolicy.keepLastImages/,
    ],
    [
      {
        repositoryName: 'svc',
        region: 'eu-west-1',
        lifecyclePolicy: { keepLastImages: 3, raw: '{}' },
      },
      /lifecyclePolicy.raw/,
    ],
    [
      {
        repositoryName: 'svc',
        region: 'eu-west-1',
        lifecyclePolicy: { raw: '{nope' },
      },
      /lifecyclePolicy.raw: is not valid JSON/,
    ],
    [
      { repositoryName: 'svc', region: 'eu-west-1', repositoryPolicy: '{nope' },
      /repositoryPolicy/,
    ],
    [{ repositoryName: 'svc', region: 'eu-west-1', tags: { '': 'x' } }, /tags/],
    [{ repositoryName: 'svc', region: 'eu-west-1', colour: 'blue' }, /colour/],
  ])('rejects invalid input %j before any AWS call', async (input, message) => {
    const error = await errorOf(input);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(message);
    expect(ecrMock.calls()).toHaveLength(0);
  });

  it('is skipped, and says so, when the portal has no AWS configuration', async () => {
    const { ctx, outputs, logLines } = createTestContext({
      input: { repositoryName: 'payments-api', region: 'eu-west-1' },
    });
    await createEcrCreateAction({
      config: new ConfigReader({}),
      credentialsManager,
    }).handler(ctx);
    expect(ecrMock.calls()).toHaveLength(0);
    expect(credentialsManager.getCredentialProvider).not.toHaveBeenCalled();
    expect(logLines()).toEqual([
      "info: Skipped: ECR repository payments-api, because AWS is not configured for this portal. Nothing was created; the generated repository's Terraform and its deploy workflow create it later.",
    ]);
    expect(outputs()).toEqual({
      repositoryName: 'payments-api',
      region: 'eu-west-1',
      created: false,
      skipped: true,
    });
  });

  it('is skipped when launchpad.aws.ecr.enabled is false, even with an aws section', async () => {
    const { ctx, outputs } = createTestContext({
      input: { repositoryName: 'payments-api' },
    });
    await createEcrCreateAction({
      config: new ConfigReader({
        aws: { mainAccount: {} },
        launchpad: { aws: { ecr: { enabled: false } } },
      }),
      credentialsManager,
    }).handler(ctx);
    expect(ecrMock.calls()).toHaveLength(0);
    expect(outputs()).toEqual({
      repositoryName: 'payments-api',
      created: false,
      skipped: true,
    });
  });

  it.each(examples.map(e => [e.description, e]))(
    'runs the example: %s',
    async (_d, example) => {
      ecrMock.on(DescribeRepositoriesCommand).rejects(notFound());
      ecrMock.on(CreateRepositoryCommand).callsFake(input => ({
        repository: repository(input.repositoryName),
      }));
      ecrMock.on(PutLifecyclePolicyCommand).resolves({});
      ecrMock.on(SetRepositoryPolicyCommand).resolves({});
      ecrMock.on(GetRepositoryPolicyCommand).rejects(
        new RepositoryPolicyNotFoundException({
          message: 'none',
          $metadata: {},
        }),
      );
      const [step] = yaml.parse(example.example).steps;
      const { ctx, outputs } = createTestContext({ input: step.input });
      await action().handler(ctx);
      expect(outputs().repositoryUri).toContain(step.input.repositoryName);
      expect(
        ecrMock.commandCalls(CreateRepositoryCommand)[0].args[0].input,
      ).toMatchObject({
        repositoryName: step.input.repositoryName,
        imageTagMutability: step.input.imageTagMutability ?? 'IMMUTABLE',
      });
    },
  );
});
