import { ReactNode, useCallback, useMemo, useState } from 'react';
import {
  BreadcrumbEntry,
  useBreadcrumbEntries,
} from '@backstage/frontend-plugin-api';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import {
  createVersionedContext,
  createVersionedValueMap,
} from '@backstage/version-bridge';
import { screen } from '@testing-library/react';
import { TaskBreadcrumbTitles } from './TaskBreadcrumbTitles';

const TASK_ID = '0b7f6a2e-9c1d-4e5f-8a3b-2c4d6e8f0a1b';

type Entry = { label: string; href: string; depth: number };

// A registry like the app's, in the same versioned context BreadcrumbEntry uses.
const Registry = createVersionedContext<{ 1: unknown }>('breadcrumbs-context');
function TestBreadcrumbs(props: { children: ReactNode }) {
  const [entries, setEntries] = useState<Entry[]>([]);
  const register = useCallback((entry: Entry) => {
    const record = { ...entry };
    setEntries(prev => [...prev, record].sort((a, b) => a.depth - b.depth));
    return {
      update(label: string, href: string) {
        record.label = label;
        record.href = href;
        setEntries(prev => [...prev]);
      },
      unregister: () => setEntries(prev => prev.filter(e => e !== record)),
    };
  }, []);
  const value = useMemo(
    () =>
      createVersionedValueMap({
        1: { breadcrumbs: { items: entries }, register },
      }),
    [entries, register],
  );
  return <Registry.Provider value={value}>{props.children}</Registry.Provider>;
}

function Crumbs() {
  const { items } = useBreadcrumbEntries();
  return <p>{items.map(item => `${item.label} (${item.href})`).join(' / ')}</p>;
}

async function renderTaskPage(getTask: jest.Mock) {
  await renderInTestApp(
    <TestApiProvider apis={[[scaffolderApiRef, { getTask } as any]]}>
      <TestBreadcrumbs>
        <Crumbs />
        <TaskBreadcrumbTitles>
          <BreadcrumbEntry entry={{ label: 'Tasks', href: 'tasks' }}>
            <BreadcrumbEntry entry={{ label: TASK_ID, href: TASK_ID }}>
              task page
            </BreadcrumbEntry>
          </BreadcrumbEntry>
        </TaskBreadcrumbTitles>
      </TestBreadcrumbs>
    </TestApiProvider>,
  );
}

describe('TaskBreadcrumbTitles', () => {
  it('names a task by its template and service instead of its id', async () => {
    const getTask = jest.fn().mockResolvedValue({
      spec: {
        templateInfo: {
          entity: {
            metadata: {
              name: 'typescript-service',
              title: 'TypeScript HTTP service',
            },
          },
        },
        parameters: { name: 'orders-api' },
      },
    });
    await renderTaskPage(getTask);

    expect(
      await screen.findByText(
        `Tasks (tasks) / TypeScript HTTP service: orders-api (${TASK_ID})`,
      ),
    ).toBeInTheDocument();
    expect(getTask).toHaveBeenCalledWith(TASK_ID);
  });

  it('says "Task" when the task cannot be read, never its id', async () => {
    await renderTaskPage(jest.fn().mockRejectedValue(new Error('forbidden')));

    expect(
      await screen.findByText(`Tasks (tasks) / Task (${TASK_ID})`),
    ).toBeInTheDocument();
  });
});
