/**
 * Launchpad's scaffolder actions: AWS ECR repositories, GitHub repository
 * settings, and a local git publish target for the embedded default.
 *
 * @packageDocumentation
 */
export { scaffolderModuleLaunchpad as default } from './module';
export {
  localRepositoryUrlReader,
  LocalRepositoryUrlReader,
} from './localRepositoryUrlReader';
export { createPublishAction } from './actions/publish';
export { createPublishChangeAction } from './actions/publishChange';
export { createCatalogRegisterAction } from './actions/catalogRegister';
export { createEcrCreateAction } from './actions/ecrCreate';
export type { EcrClientFactory } from './actions/ecrCreate';
export { createGithubRepoConfigureAction } from './actions/githubRepoConfigure';
export { createGithubAccess } from './lib/github/githubAccess';
export type { GithubAccess } from './lib/github/githubAccess';
