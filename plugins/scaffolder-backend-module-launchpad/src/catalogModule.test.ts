import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { createPublishLocalAction } from './actions/publishLocal';
import { catalogModuleLaunchpadLocalLocations } from './catalogModule';

// End to end against the real catalog backend: a repository made by
// launchpad:publish:local is accepted as a "file" location, exactly what
// launchpad:catalog:register-local asks the catalog for.
describe('catalogModuleLaunchpadLocalLocations', () => {
  const mockDir = createMockDirectory();

  const startCatalog = (enabled: boolean) =>
    startTestBackend({
      features: [
        catalogBackend,
        catalogModuleLaunchpadLocalLocations,
        mockServices.rootConfig.factory({
          data: {
            catalog: { processingInterval: false },
            launchpad: {
              publish: {
                local: {
                  enabled,
                  baseDirectory: mockDir.resolve('repositories'),
                },
              },
            },
          },
        }),
      ],
    });

  beforeAll(async () => {
    mockDir.setContent({
      workspace: {
        'catalog-info.yaml':
          'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments-api\nspec:\n  type: service\n  lifecycle: experimental\n  owner: group:default/team-a\n',
      },
    });
    const action = createPublishLocalAction({
      config: new ConfigReader({
        launchpad: {
          publish: {
            local: {
              enabled: true,
              baseDirectory: mockDir.resolve('repositories'),
            },
          },
        },
      }),
    });
    await action.handler(
      createMockActionContext({
        input: { repoName: 'payments-api' },
        workspacePath: mockDir.resolve('workspace'),
      }),
    );
  });

  const target = () =>
    mockDir.resolve('repositories/payments-api/catalog-info.yaml');

  it('lets the catalog register the published descriptor as a file location', async () => {
    const backend = await startCatalog(true);
    const { server } = backend;
    try {
      const auth = mockCredentials.user.header();
      const dry = await request(server)
        .post('/api/catalog/locations?dryRun=true')
        .set('Authorization', auth)
        .send({ type: 'file', target: target() });
      expect(dry.status).toBe(201);
      expect(
        dry.body.entities.map((e: any) => `${e.kind}:${e.metadata.name}`),
      ).toContain('Component:payments-api');

      const created = await request(server)
        .post('/api/catalog/locations')
        .set('Authorization', auth)
        .send({ type: 'file', target: target() });
      expect(created.status).toBe(201);
      expect(created.body.location).toMatchObject({
        type: 'file',
        target: target(),
      });
    } finally {
      await backend.stop();
    }
  });

  it('leaves the catalog at its default ["url"] when local publishing is disabled', async () => {
    const backend = await startCatalog(false);
    const { server } = backend;
    try {
      const res = await request(server)
        .post('/api/catalog/locations')
        .set('Authorization', mockCredentials.user.header())
        .send({ type: 'file', target: target() });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/allowed type/);
    } finally {
      await backend.stop();
    }
  });
});
