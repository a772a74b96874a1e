import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish where the LaunchpadRepoLocation field says (GitHub, or a local repository on the embedded default) and register the result',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'launchpad:publish',
          name: 'Publish the repository',
          input: {
            repoName: '${{ parameters.name }}',
            description: '${{ parameters.description }}',
            location: '${{ parameters.repoLocation }}',
          },
        },
        {
          id: 'register',
          action: 'launchpad:catalog:register',
          name: 'Register in the catalog',
          input: {
            catalogInfoUrl: '${{ steps.publish.output.catalogInfoUrl }}',
          },
        },
      ],
    }),
  },
  {
    description: 'Publish to a GitHub organisation on a branch named trunk',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'launchpad:publish',
          name: 'Publish to GitHub',
          input: {
            repoName: 'orders-worker',
            description: 'Consumes order events',
            location: { target: 'github', owner: 'acme' },
            defaultBranch: 'trunk',
          },
        },
      ],
    }),
  },
];
