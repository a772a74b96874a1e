import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register the catalog descriptor of a repository published with launchpad:publish:local',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'launchpad:catalog:register-local',
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
      'Register a descriptor that may not exist yet without failing the task',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'launchpad:catalog:register-local',
          name: 'Register in the catalog',
          input: {
            catalogInfoUrl: '${{ steps.publish.output.catalogInfoUrl }}',
            optional: true,
          },
        },
      ],
    }),
  },
];
