import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { logSkipped } from '../lib/skipped';
import { StepProgress } from '../lib/stepFailure';
import { parseActionInput } from '../lib/validation';
import { examples } from './ecrCreate.examples';
import { createOrAdopt } from './ecrRepository/createOrAdopt';
import { describePlan, desiredRepository } from './ecrRepository/desiredState';
import {
  createEcrSession,
  defaultClientFactory,
  EcrClientFactory,
} from './ecrRepository/ecrCalls';
import { Input, inputSchema } from './ecrRepository/inputSchema';
import { reconcilePolicyDocuments } from './ecrRepository/policyDocuments';
import { reconcileRepositorySettings } from './ecrRepository/repositorySettings';

export type { EcrClientFactory } from './ecrRepository/ecrCalls';
export { inputSchema } from './ecrRepository/inputSchema';

export const ECR_CREATE_ACTION_ID = 'launchpad:aws:ecr:create';

const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Whether this portal manages AWS: launchpad.aws.ecr.enabled, by default true
 * when an aws section or an ECR default is configured. Without AWS (the
 * embedded default) the action is skipped and says so.
 */
function awsEnabled(config: Config): boolean {
  return (
    config.getOptionalBoolean('launchpad.aws.ecr.enabled') ??
    (config.has('aws') ||
      config.has('launchpad.aws.ecr.defaultRegion') ||
      config.has('launchpad.aws.ecr.defaultAccountId'))
  );
}

/**
 * Creates (or adopts and reconciles) an ECR repository. The reconciliation
 * lives in ./ecrRepository: creation or adoption, the repository's settings,
 * and its policy documents.
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
      'Creates an Amazon ECR repository, or adopts an existing one and reconciles its settings: tag immutability, scan on push, encryption, lifecycle policy, repository policy and tags. Skipped, with a log line saying so, when the portal has no AWS configuration.',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: {
        repositoryName: zImpl =>
          zImpl.string({ description: 'Name of the repository' }),
        repositoryUri: zImpl =>
          zImpl
            .string({
              description:
                'URI to push to, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/name (absent when skipped)',
            })
            .optional(),
        repositoryArn: zImpl =>
          zImpl
            .string({ description: 'Repository ARN (absent when skipped)' })
            .optional(),
        registryId: zImpl =>
          zImpl
            .string({
              description: 'Registry (AWS account) ID (absent when skipped)',
            })
            .optional(),
        region: zImpl =>
          zImpl.string({ description: 'Region of the repository' }).optional(),
        created: zImpl =>
          zImpl.boolean({
            description:
              'true when this run created the repository, false when it adopted an existing one or was skipped',
          }),
        skipped: zImpl =>
          zImpl.boolean({
            description:
              'true when AWS is not configured for this portal and nothing was created',
          }),
      },
    },
    async handler(ctx) {
      const input: Input = parseActionInput(inputSchema(z), ctx.input);
      const region =
        input.region ??
        config.getOptionalString('launchpad.aws.ecr.defaultRegion');
      const accountId =
        input.accountId ??
        config.getOptionalString('launchpad.aws.ecr.defaultAccountId');
      const desired = desiredRepository(input);
      ctx.output('repositoryName', desired.name);

      if (!awsEnabled(config)) {
        logSkipped(
          ctx.logger,
          `ECR repository ${desired.name}`,
          'AWS is not configured for this portal',
          "the generated repository's Terraform and its deploy workflow",
        );
        if (region) ctx.output('region', region);
        ctx.output('created', false);
        ctx.output('skipped', true);
        return;
      }
      if (!region) {
        throw new InputError(
          'Invalid input: region: required (no launchpad.aws.ecr.defaultRegion configured)',
        );
      }
      ctx.output('region', region);
      ctx.output('skipped', false);

      if (ctx.isDryRun) {
        const registry = accountId ?? '<account-id>';
        ctx.logger.info(describePlan(desired, region, accountId));
        ctx.output(
          'repositoryUri',
          `${registry}.dkr.ecr.${region}.amazonaws.com/${desired.name}`,
        );
        ctx.output(
          'repositoryArn',
          `arn:aws:ecr:${region}:${registry}:repository/${desired.name}`,
        );
        ctx.output('registryId', registry);
        ctx.output('created', false);
        return;
      }

      const progress = new StepProgress();
      await progress.run(async () => {
        const { sdkCredentialProvider } =
          await credentialsManager.getCredentialProvider(
            accountId ? { accountId } : {},
          );
        const session = createEcrSession({
          ctx,
          client: clientFactory({
            region,
            credentials: sdkCredentialProvider,
            maxAttempts:
              config.getOptionalNumber('launchpad.aws.ecr.maxAttempts') ??
              DEFAULT_MAX_ATTEMPTS,
          }),
          name: desired.name,
          region,
          accountId,
        });
        const resource = `ECR repository ${desired.name} in ${region}`;

        const { repo, created } = await createOrAdopt(session, desired);
        if (created) {
          progress.record(`created ${resource}`);
          ctx.logger.info(`Created ${resource}: ${repo.repositoryUri}`);
        } else {
          ctx.logger.info(
            `${resource} already exists (${repo.repositoryUri}); adopting it and reconciling its settings`,
          );
          await reconcileRepositorySettings(session, repo, desired);
        }
        await reconcilePolicyDocuments(
          session,
          repo.registryId,
          created,
          desired,
        );

        ctx.output('repositoryUri', repo.repositoryUri);
        ctx.output('repositoryArn', repo.repositoryArn);
        ctx.output('registryId', repo.registryId);
        ctx.output('created', created);
      });
    },
  });
}
