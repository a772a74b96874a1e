import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Golden-path settings after publish:github: protected main, staging and production environments, AWS variables, a secret, team access, topics and the Launchpad webhook',
    example: yaml.stringify({
      steps: [
        {
          id: 'configure',
          action: 'launchpad:github:repo:configure',
          name: 'Configure the repository',
          input: {
            repoUrl: 'github.com?owner=acme&repo=payments-api',
            branchProtection: {
              requiredStatusChecks: ['build', 'test'],
              requiredApprovingReviewCount: 1,
              requireCodeOwnerReviews: true,
            },
            environments: [
              { name: 'staging', deploymentBranches: ['main'] },
              {
                name: 'production',
                reviewers: { teams: ['payments'], users: ['octocat'] },
                waitTimer: 5,
                deploymentBranches: 'protected',
              },
            ],
            aws: {
              roleArn: 'arn:aws:iam::123456789012:role/github-payments-api',
              ecrRepository: '${{ steps.ecr.output.repositoryUri }}',
              region: 'eu-west-1',
            },
            secrets: { SONAR_TOKEN: '${{ secrets.sonarToken }}' },
            teams: [{ slug: 'payments', permission: 'maintain' }],
            topics: ['launchpad', 'payments'],
            webhook: {},
          },
        },
      ],
    }),
  },
  {
    description:
      "Use the signed-in user's token from RepoUrlPicker (requestUserCredentials) and only set topics and variables",
    example: yaml.stringify({
      steps: [
        {
          id: 'configure',
          action: 'launchpad:github:repo:configure',
          name: 'Configure the repository',
          input: {
            repoUrl: '${{ parameters.repoUrl }}',
            token: '${{ secrets.USER_OAUTH_TOKEN }}',
            topics: ['launchpad'],
            variables: { SERVICE_TIER: 'tier-2' },
          },
        },
      ],
    }),
  },
];
