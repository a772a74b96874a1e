import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';

/**
 * createMockActionContext plus what the tests inspect: every log line, the
 * outputs, and the checkpoints with a store that survives across runs (as the
 * scaffolder's task state does when a task is retried).
 */
export function createTestContext(options: {
  input: Record<string, unknown>;
  isDryRun?: boolean;
  secrets?: Record<string, string>;
  workspacePath?: string;
  checkpoints?: Map<string, unknown>;
  taskId?: string;
}) {
  const logger = mockServices.logger.mock();
  const base = createMockActionContext({
    input: options.input as any,
    logger,
    secrets: options.secrets,
    ...(options.workspacePath ? { workspacePath: options.workspacePath } : {}),
    task: { id: options.taskId ?? 'task-1' },
  });
  const store = options.checkpoints ?? new Map<string, unknown>();
  const checkpointKeys: string[] = [];
  const ctx: ActionContext<any, any> = {
    ...base,
    isDryRun: options.isDryRun,
    // A fresh directory outside the workspace, as the scaffolder gives each step.
    createTemporaryDirectory: () =>
      fs.promises.mkdtemp(path.join(os.tmpdir(), 'launchpad-step-')),
    async checkpoint({ key, fn }: { key: string; fn: () => any }) {
      checkpointKeys.push(key);
      if (!store.has(key)) {
        store.set(key, await fn());
      }
      return store.get(key) as any;
    },
  };
  const logLines = () =>
    (['debug', 'info', 'warn', 'error'] as const).flatMap(level =>
      logger[level].mock.calls.map(
        call =>
          `${level}: ${call
            .map(a => (typeof a === 'string' ? a : JSON.stringify(a)))
            .join(' ')}`,
      ),
    );
  const outputs = () =>
    Object.fromEntries(
      (base.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    ) as Record<string, unknown>;
  return { ctx, logger, logLines, outputs, checkpointKeys, checkpoints: store };
}
