import { configApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { RepoLocationField } from './RepoLocationField';

async function renderField(publish: object, formData?: object) {
  const onChange = jest.fn();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [configApiRef, mockApis.config({ data: { launchpad: { publish } } })],
      ]}
    >
      <RepoLocationField
        {...({
          onChange,
          formData,
          formContext: { formData: { name: 'orders-api' } },
          schema: { title: 'Repository' },
          uiSchema: {},
          idSchema: { $id: 'root_repoLocation' },
          rawErrors: [],
        } as any)}
      />
    </TestApiProvider>,
  );
  return onChange;
}

describe('RepoLocationField', () => {
  it('explains the local target and sets it, with no inputs', async () => {
    const onChange = await renderField({ target: 'local' });
    expect(
      screen.getByText(/local git repositories on the Launchpad server/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('textbox')).toBeNull();
    await waitFor(() =>
      expect(onChange).toHaveBeenCalledWith({ target: 'local' }),
    );
  });

  it('asks for the GitHub owner and shows the service name as the repository name', async () => {
    const onChange = await renderField(
      { target: 'github' },
      { target: 'github' },
    );
    expect(screen.getByLabelText(/Repository name/)).toHaveValue('orders-api');
    fireEvent.change(screen.getByLabelText(/GitHub owner/), {
      target: { value: 'acme' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      target: 'github',
      owner: 'acme',
      repo: undefined,
    });
  });

  it('preselects the only allowed owner', async () => {
    const onChange = await renderField({
      target: 'github',
      github: { allowedOwners: ['acme'] },
    });
    await waitFor(() =>
      expect(onChange).toHaveBeenCalledWith({
        target: 'github',
        owner: 'acme',
      }),
    );
  });
});
