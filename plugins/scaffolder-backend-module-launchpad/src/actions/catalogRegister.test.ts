import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createTestContext } from '../__testUtils__/actionContext';
import { createCatalogRegisterAction } from './catalogRegister';

// Registering for real, and again on a re-run, is tested with the real
// catalog in module.test.ts.
describe('launchpad:catalog:register', () => {
  const catalog = catalogServiceMock.mock();
  const action = createCatalogRegisterAction({ catalog });

  it.each([
    // eslint-disable-next-line no-script-url -- a URL the action must refuse
    ['javascript:alert(1)'],
    ['ftp://example.com/catalog-info.yaml'],
    ['not a url'],
  ])('refuses %s, naming the field, before calling the catalog', async url => {
    const { ctx } = createTestContext({ input: { catalogInfoUrl: url } });
    await expect(action.handler(ctx)).rejects.toThrow(
      /^Invalid input: catalogInfoUrl: /,
    );
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('registers nothing in dry run', async () => {
    const { ctx, logLines, outputs } = createTestContext({
      input: {
        catalogInfoUrl:
          'https://github.com/acme/orders-api/blob/main/catalog-info.yaml',
      },
      isDryRun: true,
    });
    await action.handler(ctx);
    expect(logLines()).toEqual([
      'info: Dry run: would register the repository in the catalog. Nothing was registered.',
    ]);
    expect(outputs()).toEqual({});
    expect(catalog.addLocation).not.toHaveBeenCalled();
    expect(catalog.getLocationByRef).not.toHaveBeenCalled();
  });
});
