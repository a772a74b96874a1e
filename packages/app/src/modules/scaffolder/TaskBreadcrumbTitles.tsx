import { ReactNode, useMemo } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ScaffolderApi,
  ScaffolderTask,
  scaffolderApiRef,
} from '@backstage/plugin-scaffolder-react';
import {
  createVersionedContext,
  createVersionedValueMap,
  useVersionedContext,
} from '@backstage/version-bridge';

type BreadcrumbEntryData = { label: string; href: string; depth: number };
type Registration = {
  update(label: string, href: string): void;
  unregister(): void;
};
type BreadcrumbsContextMap = {
  1: {
    breadcrumbs: { items: BreadcrumbEntryData[] };
    register: (entry: BreadcrumbEntryData) => Registration;
  };
};

// The key of the app's breadcrumb registry (BreadcrumbsRegistryProvider in
// @backstage/plugin-app), which BreadcrumbEntry registers into.
const BREADCRUMBS_CONTEXT_KEY = 'breadcrumbs-context';
const BreadcrumbsContext = createVersionedContext<BreadcrumbsContextMap>(
  BREADCRUMBS_CONTEXT_KEY,
);

const TASK_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** "TypeScript HTTP service: orders-api", from the task's template and its `name` answer. */
export function nameOfTask(task: ScaffolderTask): string {
  const metadata = task.spec.templateInfo?.entity?.metadata;
  const template = metadata?.title ?? metadata?.name ?? 'Task';
  const name = task.spec.parameters?.name;
  return typeof name === 'string' && name ? `${template}: ${name}` : template;
}

async function taskTitle(
  scaffolderApi: ScaffolderApi,
  taskId: string,
): Promise<string> {
  return nameOfTask(await scaffolderApi.getTask(taskId));
}

/**
 * The scaffolder's task page names itself in the breadcrumbs by the task's id
 * (a UUID). This registry in between shows "Task" until the task is loaded,
 * then its template and service name; every other breadcrumb passes through.
 */
export function TaskBreadcrumbTitles(props: { children: ReactNode }) {
  const parent = useVersionedContext<BreadcrumbsContextMap>(
    BREADCRUMBS_CONTEXT_KEY,
  )?.atVersion(1);
  const scaffolderApi = useApi(scaffolderApiRef);

  const parentRegister = parent?.register;
  // Kept stable while the parent's register is: every BreadcrumbEntry
  // registers again when register changes.
  const register = useMemo(
    () =>
      parentRegister &&
      ((entry: BreadcrumbEntryData): Registration => {
        if (!TASK_ID.test(entry.label)) {
          return parentRegister(entry);
        }
        let href = entry.href;
        let title = 'Task';
        const registration = parentRegister({ ...entry, label: title });
        taskTitle(scaffolderApi, entry.label).then(
          loaded => {
            title = loaded;
            registration.update(title, href);
          },
          // The task page itself says why the task cannot be read.
          () => undefined,
        );
        return {
          update(_label, nextHref) {
            href = nextHref;
            registration.update(title, href);
          },
          unregister: () => registration.unregister(),
        };
      }),
    [parentRegister, scaffolderApi],
  );
  const breadcrumbs = parent?.breadcrumbs;
  const value = useMemo(
    () =>
      register && breadcrumbs
        ? createVersionedValueMap({ 1: { breadcrumbs, register } })
        : undefined,
    [breadcrumbs, register],
  );

  if (!value) {
    return <>{props.children}</>;
  }
  return (
    <BreadcrumbsContext.Provider value={value}>
      {props.children}
    </BreadcrumbsContext.Provider>
  );
}
