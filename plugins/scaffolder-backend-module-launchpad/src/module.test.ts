import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import request from 'supertest';
import yaml from 'yaml';
import { localRepositoryUrlReader } from './localRepositoryUrlReader';
import { scaffolderModuleLaunchpad } from './module';

jest.setTimeout(60_000);

/**
 * The embedded default's golden path through the real scaffolder and catalog
 * backends: a template runs catalog:write, launchpad:publish (local target),
 * launchpad:aws:ecr:create and launchpad:github:repo:configure (both skipped
 * by configuration, and saying so) and launchpad:catalog:register (a
 * location of type "url" whose target is a file: URL, read by
 * localRepositoryUrlReader); the new component shows up in the catalog, read
 * from the local git repository.
 */
describe('scaffolderModuleLaunchpad (end to end)', () => {
  const mockDir = createMockDirectory();
  const baseDirectory = mockDir.resolve('repositories');

  const template = {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'local-service', title: 'Local service' },
    spec: {
      owner: 'group:default/platform',
      type: 'service',
      parameters: [
        {
          required: ['name', 'description', 'location'],
          properties: {
            name: { type: 'string' },
            description: { type: 'string' },
            location: { type: 'object' },
          },
        },
      ],
      steps: [
        {
          id: 'write',
          action: 'catalog:write',
          input: {
            entity: {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: '${{ parameters.name }}',
                description: '${{ parameters.description }}',
              },
              spec: {
                type: 'service',
                lifecycle: 'experimental',
                owner: 'group:default/platform',
              },
            },
          },
        },
        {
          id: 'ecr',
          action: 'launchpad:aws:ecr:create',
          input: { repositoryName: '${{ parameters.name }}' },
        },
        {
          id: 'publish',
          action: 'launchpad:publish',
          input: {
            repoName: '${{ parameters.name }}',
            description: '${{ parameters.description }}',
            location: '${{ parameters.location }}',
          },
        },
        {
          id: 'configure',
          action: 'launchpad:github:repo:configure',
          input: {
            location: '${{ parameters.location }}',
            topics: ['launchpad'],
          },
        },
        {
          id: 'register',
          action: 'launchpad:catalog:register',
          input: {
            catalogInfoUrl: '${{ steps.publish.output.catalogInfoUrl }}',
          },
        },
      ],
      output: {
        entityRef: '${{ steps.register.output.entityRef }}',
        cloneCommand: '${{ steps.publish.output.cloneCommand }}',
        remoteUrl: '${{ steps.publish.output.remoteUrl }}',
        ecrSkipped: '${{ steps.ecr.output.skipped }}',
      },
    },
  };

  beforeAll(() => {
    mockDir.setContent({ 'template.yaml': yaml.stringify(template) });
  });

  const waitFor = async <T>(
    fn: () => Promise<T | undefined>,
    what: string,
  ): Promise<T> => {
    const deadline = Date.now() + 45_000;
    for (;;) {
      const value = await fn();
      if (value !== undefined) return value;
      if (Date.now() > deadline)
        throw new Error(`Timed out waiting for ${what}`);
      await new Promise(r => setTimeout(r, 250));
    }
  };

  it('lists the actions with their examples, runs a template and registers the result', async () => {
    const backend = await startTestBackend({
      features: [
        catalogBackend,
        catalogModuleScaffolderEntityModel,
        localRepositoryUrlReader,
        scaffolderBackend,
        scaffolderModuleLaunchpad,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Component', 'Template', 'Location'] }],
              locations: [
                { type: 'file', target: mockDir.resolve('template.yaml') },
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
    try {
      const auth = mockCredentials.user.header();
      const { server } = backend;

      const actions = await request(server)
        .get('/api/scaffolder/v2/actions')
        .set('Authorization', auth);
      expect(actions.status).toBe(200);
      const ours = actions.body.filter((a: any) =>
        a.id.startsWith('launchpad:'),
      );
      expect(ours.map((a: any) => a.id).sort()).toEqual([
        'launchpad:aws:ecr:create',
        'launchpad:catalog:register',
        'launchpad:github:repo:configure',
        'launchpad:publish',
        'launchpad:publish:change',
      ]);
      for (const action of ours) {
        expect(action.examples.length).toBeGreaterThan(0);
        expect(action.schema.input.properties).toBeDefined();
      }

      await waitFor(async () => {
        const res = await request(server)
          .get('/api/catalog/entities/by-name/template/default/local-service')
          .set('Authorization', auth);
        return res.status === 200 ? res.body : undefined;
      }, 'the template in the catalog');

      const run = async (values: object) => {
        const created = await request(server)
          .post('/api/scaffolder/v2/tasks')
          .set('Authorization', auth)
          .send({ templateRef: 'template:default/local-service', values });
        expect(created.status).toBe(201);
        const task = await waitFor(async () => {
          const res = await request(server)
            .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
            .set('Authorization', auth);
          return ['completed', 'failed'].includes(res.body.status)
            ? res.body
            : undefined;
        }, 'the task to finish');
        const events = await request(server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
          .set('Authorization', auth);
        return {
          status: task.status,
          // The task log as the task page shows it, without colour codes.
          log: events.body
            .map((e: any) => e.body.message)
            .filter(Boolean)
            // eslint-disable-next-line no-control-regex
            .map((m: string) => m.replace(/\u001b\[\d+m/g, '')) as string[],
          output: events.body.find((e: any) => e.type === 'completion')?.body
            .output,
        };
      };

      const values = {
        name: 'checkout-api',
        description: 'Takes orders at checkout',
        location: { target: 'local' },
      };
      const first = await run(values);
      expect(first).toMatchObject({ status: 'completed' });
      const repoDir = path.join(baseDirectory, 'checkout-api');
      expect(first.output).toEqual({
        entityRef: 'component:default/checkout-api',
        cloneCommand: `git clone ${repoDir}`,
        // No remoteUrl: a browser cannot open a local repository.
        ecrSkipped: true,
      });
      expect(first.log).toEqual(
        expect.arrayContaining([
          "info: Skipped: ECR repository checkout-api, because AWS is not configured for this portal. Nothing was created; the generated repository's Terraform and its deploy workflow create it later.",
          "info: Skipped: Repository settings (topics launchpad), because the repository was published locally, not on GitHub. Nothing was created; the generated repository's Terraform and workflows create it later.",
        ]),
      );

      expect(first.log).toContain(
        'info: Registered component:default/checkout-api in the catalog',
      );
      // A local repository's file: URL would be a link the browser refuses.
      expect(first.log.join('\n')).not.toMatch(/file:/);

      // The same task started over: nothing created twice, nothing refused.
      const again = await run(values);
      expect(again).toMatchObject({
        status: 'completed',
        output: { entityRef: 'component:default/checkout-api' },
      });
      expect(again.log).toContain(
        'info: component:default/checkout-api was already registered by an earlier run; the catalog keeps it up to date',
      );

      // Another service under a name that is taken: refused in plain words,
      // with no stack trace or server path in the task log.
      const second = await run({
        ...values,
        description: 'Another service with the same name',
      });
      expect(second.status).toBe('failed');
      expect(second.log).toContain(
        "ConflictError: A repository named 'checkout-api' already exists and holds other files; choose another name. Nothing was created.",
      );
      expect(second.log.join('\n')).not.toMatch(/\n\s+at |node_modules/);

      expect(
        execFileSync('git', ['-C', repoDir, 'log', '--format=%an <%ae>'], {
          encoding: 'utf8',
        }).trim(),
      ).toBe('Launchpad <launchpad@example.com>');

      const entity = await waitFor(async () => {
        const res = await request(server)
          .get('/api/catalog/entities/by-name/component/default/checkout-api')
          .set('Authorization', auth);
        return res.status === 200 ? res.body : undefined;
      }, 'the new component in the catalog');
      const locations = await request(server)
        .get('/api/catalog/locations')
        .set('Authorization', auth);
      expect(locations.body.map((l: any) => l.data)).toContainEqual(
        expect.objectContaining({
          type: 'url',
          target: pathToFileURL(path.join(repoDir, 'catalog-info.yaml')).href,
        }),
      );
      expect(locations.body.filter((l: any) => l.data.type === 'file')).toEqual(
        [],
      );
      expect(
        entity.metadata.annotations['backstage.io/managed-by-location'],
      ).toBe(
        `url:${pathToFileURL(path.join(repoDir, 'catalog-info.yaml')).href}`,
      );
    } finally {
      await backend.stop();
    }
  });
});
