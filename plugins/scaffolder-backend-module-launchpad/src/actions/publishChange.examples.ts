import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Propose the workspace's files to an existing repository: a pull request on GitHub, a branch of the local repository on the embedded default",
    example: yaml.stringify({
      steps: [
        {
          id: 'change',
          action: 'launchpad:publish:change',
          name: 'Propose the change',
          input: {
            repoName: '${{ parameters.name }}',
            location: '${{ parameters.repoLocation }}',
            branchName: 'launchpad/add-golden-path-layers',
            title: 'Add CI, Terraform and monitoring from Launchpad',
            description:
              "Adds Launchpad's CI workflow, infrastructure as code and monitoring rules.",
          },
        },
      ],
    }),
  },
];
