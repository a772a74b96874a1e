import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleLaunchpad, {
  localRepositoryUrlReader,
} from '@internal/plugin-scaffolder-backend-module-launchpad';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { run } from './checks/run';
import { TEMPLATES_DIR } from './renderTemplate';
import { SAMPLE_ANSWERS } from './sampleAnswers';

jest.setTimeout(180_000);

/**
 * The TypeScript service template as the embedded default runs it, for real:
 * read by the catalog from templates/*.yaml, run as a task, published as a
 * local git repository and registered in the catalog.
 */
it('the embedded default creates a TypeScript service end to end', async () => {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'template-real-run-'));
  const baseDirectory = path.join(work, 'repositories');
  const backend = await startTestBackend({
    features: [
      catalogBackend,
      catalogModuleScaffolderEntityModel,
      localRepositoryUrlReader,
      scaffolderBackend,
      scaffolderModuleLaunchpad,
      mockServices.rootConfig.factory({
        data: {
          backend: { workingDirectory: work },
          catalog: {
            rules: [{ allow: ['Component', 'System', 'Location'] }],
            locations: [
              {
                type: 'file',
                target: path.join(TEMPLATES_DIR, '*.yaml'),
                rules: [{ allow: ['Template'] }],
              },
            ],
          },
          launchpad: { publish: { local: { enabled: true, baseDirectory } } },
          scaffolder: {
            defaultAuthor: {
              name: 'Launchpad',
              email: 'launchpad@example.com',
            },
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const api = (route: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${port}/api${route}`, {
      ...init,
      headers: {
        authorization: mockCredentials.user.header(),
        'content-type': 'application/json',
      },
    });
  const waitFor = async <T>(
    what: string,
    probe: () => Promise<T | undefined>,
  ) => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}`);
      await new Promise(resolve => setTimeout(resolve, 500));
    }
  };

  try {
    await waitFor('the template in the catalog', async () => {
      const res = await api(
        '/catalog/entities/by-name/template/default/typescript-service',
      );
      return res.status === 200 ? true : undefined;
    });
    const answers = SAMPLE_ANSWERS['typescript-service.yaml'] as {
      name: string;
    };
    const created = await api('/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({
        templateRef: 'template:default/typescript-service',
        values: answers,
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const task = await waitFor('the task to finish', async () => {
      const body = (await (await api(`/scaffolder/v2/tasks/${id}`)).json()) as {
        status: string;
      };
      return ['completed', 'failed'].includes(body.status) ? body : undefined;
    });
    const events = (await (
      await api(`/scaffolder/v2/tasks/${id}/events`)
    ).json()) as { body: { message?: string } }[];
    const log = events.map(e => e.body.message ?? '').join('\n');
    expect({ status: task.status, log }).toMatchObject({ status: 'completed' });
    expect(log).toMatch(/Skipped: ECR repository orders-api/);
    expect(log).toMatch(
      /Registered component:default\/orders-api in the catalog/,
    );
    // No file: URL of the local repository, which the log would show as a link.
    expect(log).not.toMatch(/file:/);
    // The GitHub-only environments step has nothing to iterate, and no raw JSON to log.
    expect(log).not.toMatch(/Skipping step each/);

    const repo = path.join(baseDirectory, answers.name);
    const tree = await run('git', ['-C', repo, 'ls-tree', '-r', 'HEAD']);
    expect(tree.code).toBe(0);
    for (const file of [
      '.github/workflows/ci.yaml',
      'infra/shared/main.tf',
      'monitoring/slo-rules.yaml',
      'src/server.ts',
      'catalog-info.yaml',
    ]) {
      expect(tree.output).toContain(`\t${file}\n`);
    }
    expect(tree.output).toMatch(/^100755 blob \S+\tci\/checks\.sh$/m);

    const entity = await waitFor(
      'the new component in the catalog',
      async () => {
        const res = await api(
          `/catalog/entities/by-name/component/default/${answers.name}`,
        );
        return res.status === 200
          ? ((await res.json()) as {
              metadata: { annotations: Record<string, string> };
            })
          : undefined;
      },
    );
    expect(entity.metadata.annotations['prometheus.io/labels']).toBe(
      `service=${answers.name}`,
    );
  } finally {
    await backend.stop();
    await fs.rm(work, { recursive: true, force: true });
  }
});
