import { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';

/**
 * The GitHub integrations and credentials provider of the module, built once
 * from integrations.github and shared by every action, as Backstage's own
 * GitHub scaffolder module does. A GitHub App's installation tokens are cached
 * by the provider across task runs.
 */
export type GithubAccess = {
  integrations: ScmIntegrationRegistry;
  credentialsProvider: GithubCredentialsProvider;
};

export function createGithubAccess(config: Config): GithubAccess {
  const integrations = ScmIntegrations.fromConfig(config);
  return {
    integrations,
    credentialsProvider:
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
  };
}

/** True when integrations.github has a token or a GitHub App for the host. */
export function hasGithubCredentials(
  access: GithubAccess,
  host: string,
): boolean {
  const integration = access.integrations.github.byHost(host);
  return Boolean(integration?.config.token || integration?.config.apps?.length);
}
