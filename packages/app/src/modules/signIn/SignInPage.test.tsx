import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { SignInPage } from './SignInPage';

const page = <SignInPage onSignInSuccess={jest.fn()} />;

const config = {
  app: { title: 'Launchpad' },
  backend: { baseUrl: 'http://localhost:7007' },
};

describe('SignInPage', () => {
  it('offers GitHub and no guest in production', async () => {
    await renderInTestApp(page, {
      config: { ...config, auth: { environment: 'production' } },
    });
    expect(await screen.findByText('GitHub')).toBeInTheDocument();
    expect(screen.queryByText('Guest')).not.toBeInTheDocument();
  });

  it('offers the guest in development', async () => {
    await renderInTestApp(page, { config });
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.queryByText('GitHub')).not.toBeInTheDocument();
  });
});
