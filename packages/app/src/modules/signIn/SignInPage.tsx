import { SignInPage as BackstageSignInPage } from '@backstage/core-components';
import {
  configApiRef,
  githubAuthApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';

const githubProvider = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your GitHub account',
  apiRef: githubAuthApiRef,
};

/**
 * GitHub sign-in in production (auth.environment: production); guest sign-in
 * everywhere else, which the backend refuses outside development.
 */
export function SignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const production =
    config.getOptionalString('auth.environment') === 'production';
  return (
    <BackstageSignInPage
      {...props}
      providers={production ? [githubProvider] : ['guest']}
    />
  );
}
