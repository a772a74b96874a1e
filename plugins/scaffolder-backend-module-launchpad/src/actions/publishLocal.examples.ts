import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the workspace as a local git repository and register it in the catalog',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'launchpad:publish:local',
          name: 'Publish to a local git repository',
          input: {
            repoName: 'payments-api',
          },
        },
        {
          id: 'register',
          action: 'catalog:register',
          name: 'Register in the catalog',
          input: {
            catalogInfoUrl: '${{ steps.publish.output.catalogInfoUrl }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Publish a sub-directory of the workspace on a custom branch, with an explicit author and message',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'launchpad:publish:local',
          name: 'Publish to a local git repository',
          input: {
            repoName: 'orders-worker',
            sourcePath: 'service',
            defaultBranch: 'trunk',
            gitCommitMessage: 'Scaffold orders-worker from the golden path',
            gitAuthorName: 'Launchpad',
            gitAuthorEmail: 'launchpad@example.com',
          },
        },
      ],
    }),
  },
];
