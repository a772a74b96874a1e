import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create an ECR repository with the defaults: immutable tags, scan on push, AES256',
    example: yaml.stringify({
      steps: [
        {
          id: 'ecr',
          action: 'launchpad:aws:ecr:create',
          name: 'Create the ECR repository',
          input: {
            repositoryName: 'payments/payments-api',
            region: 'eu-west-1',
          },
        },
      ],
    }),
  },
  {
    description:
      'Create a KMS-encrypted repository in a configured account with lifecycle presets, a pull policy for another account, and tags',
    example: yaml.stringify({
      steps: [
        {
          id: 'ecr',
          action: 'launchpad:aws:ecr:create',
          name: 'Create the ECR repository',
          input: {
            repositoryName: 'orders-worker',
            region: 'us-east-1',
            accountId: '123456789012',
            imageTagMutability: 'IMMUTABLE',
            scanOnPush: true,
            encryption: {
              type: 'KMS',
              kmsKey:
                'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
            },
            lifecyclePolicy: { keepLastImages: 30, expireUntaggedAfterDays: 7 },
            repositoryPolicy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'AllowPullFromProduction',
                  Effect: 'Allow',
                  Principal: { AWS: 'arn:aws:iam::210987654321:root' },
                  Action: [
                    'ecr:BatchGetImage',
                    'ecr:GetDownloadUrlForLayer',
                    'ecr:BatchCheckLayerAvailability',
                  ],
                },
              ],
            },
            tags: { owner: 'team-orders', 'cost-center': 'cc-42' },
          },
        },
      ],
    }),
  },
  {
    description: 'Use a raw lifecycle policy document and mutable tags',
    example: yaml.stringify({
      steps: [
        {
          id: 'ecr',
          action: 'launchpad:aws:ecr:create',
          name: 'Create the ECR repository',
          input: {
            repositoryName: 'sandbox/experiments',
            region: 'eu-central-1',
            imageTagMutability: 'MUTABLE',
            lifecyclePolicy: {
              raw: JSON.stringify({
                rules: [
                  {
                    rulePriority: 1,
                    description: 'Expire images older than 14 days',
                    selection: {
                      tagStatus: 'any',
                      countType: 'sinceImagePushed',
                      countUnit: 'days',
                      countNumber: 14,
                    },
                    action: { type: 'expire' },
                  },
                ],
              }),
            },
          },
        },
      ],
    }),
  },
];
