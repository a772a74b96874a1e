import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { RepoLocationField } from './RepoLocationField';
import { repoLocationValidation } from './repoLocationValidation';
import { ServiceNameField } from './ServiceNameField';
import { serviceNameValidation } from './serviceNameValidation';

export const serviceNameField = createFormField({
  name: 'LaunchpadServiceName',
  component: ServiceNameField,
  validation: serviceNameValidation,
});

export const repoLocationField = createFormField({
  name: 'LaunchpadRepoLocation',
  component: RepoLocationField,
  validation: repoLocationValidation,
});
