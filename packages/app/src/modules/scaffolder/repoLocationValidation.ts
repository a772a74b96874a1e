import { configApiRef } from '@backstage/core-plugin-api';
import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import {
  RepoLocation,
  readRepoLocationSettings,
  repoLocationProblem,
} from './repoLocationSettings';

/** Refuses, before the task starts, a location this portal cannot publish to. */
export const repoLocationValidation: CustomFieldValidator<RepoLocation> = (
  location,
  validation,
  { apiHolder },
) => {
  const config = apiHolder.get(configApiRef);
  if (!config) {
    return;
  }
  const problem = repoLocationProblem(
    location,
    readRepoLocationSettings(config),
  );
  if (problem) {
    validation.addError(problem);
  }
};
