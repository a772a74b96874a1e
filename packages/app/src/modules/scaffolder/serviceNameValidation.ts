import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { serviceNameProblem } from './serviceNameRules';

/**
 * Refuses, before the task starts, a name that breaks a rule or that an
 * entity in the default namespace of the catalog already has (whatever its
 * kind: the new component, its repository and its catalog page would clash).
 */
export const serviceNameValidation: CustomFieldValidator<string> = async (
  name,
  validation,
  context,
) => {
  if (!name) {
    return;
  }
  const problem = serviceNameProblem(name);
  if (problem) {
    validation.addError(problem);
    return;
  }
  const catalogApi = context.apiHolder.get(catalogApiRef);
  if (!catalogApi) {
    return;
  }
  const { items } = await catalogApi.getEntities({
    filter: { 'metadata.namespace': 'default', 'metadata.name': name },
    fields: ['kind', 'metadata.name'],
  });
  const taken = items.find(entity => entity.kind === 'Component') ?? items[0];
  if (taken) {
    const kind = taken.kind === 'API' ? 'API' : taken.kind.toLowerCase();
    validation.addError(
      `The name ${name} is already taken in the catalog (by the ${kind} ${taken.metadata.name}). Choose another name.`,
    );
  }
};
