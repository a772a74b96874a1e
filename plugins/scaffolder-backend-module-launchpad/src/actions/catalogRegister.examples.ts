import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register what launchpad:publish published (on GitHub or in a local repository), and link to it',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'launchpad:catalog:register',
          name: 'Register in the catalog',
          input: {
            catalogInfoUrl: '${{ steps.publish.output.catalogInfoUrl }}',
          },
        },
      ],
      output: {
        links: [
          {
            title: 'Open in the catalog',
            icon: 'catalog',
            entityRef: '${{ steps.register.output.entityRef }}',
          },
        ],
      },
    }),
  },
];
