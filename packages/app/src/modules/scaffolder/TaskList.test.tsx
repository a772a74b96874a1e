import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TaskList } from './TaskList';

const TASK_ID = '0b7f6a2e-9c1d-4e5f-8a3b-2c4d6e8f0a1b';

const task = {
  id: TASK_ID,
  status: 'completed',
  createdAt: '2026-11-20T10:00:00.000Z',
  spec: {
    templateInfo: {
      entityRef: 'template:default/typescript-service',
      entity: {
        metadata: {
          name: 'typescript-service',
          title: 'TypeScript HTTP service',
        },
      },
    },
    parameters: { name: 'orders-api' },
    user: { ref: 'user:default/guest' },
  },
};

async function renderList(listTasks: jest.Mock) {
  await renderInTestApp(
    <TestApiProvider apis={[[scaffolderApiRef, { listTasks } as any]]}>
      <TaskList />
    </TestApiProvider>,
    {
      initialRouteEntries: ['/create/tasks'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('TaskList', () => {
  it('names each task by its template and service, linked to its page, never by its id', async () => {
    const listTasks = jest
      .fn()
      .mockResolvedValue({ tasks: [task], totalTasks: 1 });
    await renderList(listTasks);

    const link = await screen.findByRole('link', {
      name: 'TypeScript HTTP service: orders-api',
    });
    expect(link.getAttribute('href')).toMatch(new RegExp(`/${TASK_ID}$`));
    const row = link.closest('tr')!;
    expect(within(row).getByText('completed')).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: /guest/ }),
    ).toBeInTheDocument();
    expect(document.body.textContent).not.toContain(TASK_ID);
    expect(listTasks).toHaveBeenCalledWith({
      filterByOwnership: 'owned',
      limit: 10,
      offset: 0,
    });
  });

  it("lists everyone's tasks when asked", async () => {
    const listTasks = jest.fn().mockResolvedValue({ tasks: [], totalTasks: 0 });
    await renderList(listTasks);

    await userEvent.click(await screen.findByRole('button', { name: /You/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Everyone' }),
    );
    await waitFor(() =>
      expect(listTasks).toHaveBeenLastCalledWith({
        filterByOwnership: 'all',
        limit: 10,
        offset: 0,
      }),
    );
    expect(await screen.findByText(/No records/i)).toBeInTheDocument();
  });

  it('says why the tasks cannot be listed', async () => {
    await renderList(jest.fn().mockRejectedValue(new Error('forbidden')));

    expect(
      await screen.findByText(/Could not list the tasks/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/forbidden/).length).toBeGreaterThan(0);
  });
});
