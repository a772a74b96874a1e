import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import yaml from 'yaml';
import { createCatalogRegisterLocalAction } from './catalogRegisterLocal';
import { examples } from './catalogRegisterLocal.examples';

describe('launchpad:catalog:register-local', () => {
  const mockDir = createMockDirectory();
  const base = () => mockDir.resolve('repositories');
  const descriptor = () =>
    mockDir.resolve('repositories/svc/catalog-info.yaml');
  const component = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', namespace: 'default' },
    spec: {},
  };
  const config = new ConfigReader({
    launchpad: { publish: { local: { enabled: true, baseDirectory: base() } } },
  });

  const setup = () => {
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn(
        async (req: any): Promise<any> => ({
          location: { id: '1', type: 'file', target: req.target },
          entities: req.dryRun
            ? [
                {
                  ...component,
                  kind: 'Location',
                  metadata: { name: 'generated-x' },
                },
                component,
              ]
            : [],
        }),
      ),
    });
    const action = createCatalogRegisterLocalAction({ config, catalog });
    return { catalog, action };
  };

  beforeEach(() => {
    mockDir.setContent({
      repositories: { svc: { 'catalog-info.yaml': yaml.stringify(component) } },
      outside: { 'catalog-info.yaml': yaml.stringify(component) },
    });
  });

  it('registers a file location and outputs the main entity', async () => {
    const { catalog, action } = setup();
    const ctx = createMockActionContext({
      input: { catalogInfoUrl: pathToFileURL(descriptor()).toString() },
    });
    await action.handler(ctx);
    expect(catalog.addLocation).toHaveBeenNthCalledWith(
      1,
      { type: 'file', target: descriptor(), onConflict: 'refresh' },
      { credentials: expect.anything() },
    );
    expect(catalog.addLocation).toHaveBeenNthCalledWith(
      2,
      { type: 'file', target: descriptor(), dryRun: true },
      { credentials: expect.anything() },
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/svc',
    );
  });

  it.each([
    [
      'a URL outside the repository directory',
      () =>
        pathToFileURL(mockDir.resolve('outside/catalog-info.yaml')).toString(),
    ],
    [
      'a traversal',
      () => `${pathToFileURL(base()).toString()}/../outside/catalog-info.yaml`,
    ],
    ['an http URL', () => 'https://example.com/catalog-info.yaml'],
  ])('refuses %s before calling the catalog', async (_name, url) => {
    const { catalog, action } = setup();
    await expect(
      action.handler(
        createMockActionContext({ input: { catalogInfoUrl: url() } }),
      ),
    ).rejects.toThrow(/catalogInfoUrl/);
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('refuses a descriptor that is a symlink leading out of the directory', async () => {
    const link = mockDir.resolve('repositories/svc/link.yaml');
    fs.symlinkSync(mockDir.resolve('outside/catalog-info.yaml'), link);
    const { catalog, action } = setup();
    await expect(
      action.handler(
        createMockActionContext({
          input: { catalogInfoUrl: pathToFileURL(link).toString() },
        }),
      ),
    ).rejects.toThrow(/catalogInfoUrl/);
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('fails on a missing descriptor unless optional', async () => {
    const { action } = setup();
    const url = pathToFileURL(
      mockDir.resolve('repositories/nope/catalog-info.yaml'),
    ).toString();
    await expect(
      action.handler(
        createMockActionContext({ input: { catalogInfoUrl: url } }),
      ),
    ).rejects.toThrow(/No catalog descriptor/);
    await action.handler(
      createMockActionContext({
        input: { catalogInfoUrl: url, optional: true },
      }),
    );
  });

  it('does not call the catalog in dry run', async () => {
    const { catalog, action } = setup();
    const ctx = {
      ...createMockActionContext({
        input: { catalogInfoUrl: pathToFileURL(descriptor()).toString() },
      }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('is disabled unless launchpad.publish.local.enabled is true', async () => {
    const action = createCatalogRegisterLocalAction({
      config: new ConfigReader({}),
      catalog: catalogServiceMock.mock(),
    });
    await expect(
      action.handler(
        createMockActionContext({
          input: { catalogInfoUrl: pathToFileURL(descriptor()).toString() },
        }),
      ),
    ).rejects.toThrow(/launchpad.publish.local.enabled/);
  });

  it.each(examples.map(e => [e.description, e]))(
    'runs the example: %s',
    async (_d, example) => {
      const [step] = yaml.parse(example.example).steps;
      const input = {
        ...step.input,
        catalogInfoUrl: step.input.catalogInfoUrl.replace(
          '${{ steps.publish.output.catalogInfoUrl }}',
          pathToFileURL(descriptor()).toString(),
        ),
      };
      const { catalog, action } = setup();
      await action.handler(createMockActionContext({ input }));
      expect(catalog.addLocation).toHaveBeenCalledTimes(2);
    },
  );
});
