import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import alphaPlugin, { entityDeliveryContent } from './alpha';
import mainDefault, { EntityDeliveryContent, deliveryPlugin } from './index';

describe('delivery plugin exports', () => {
  it('default-exports the same new-frontend-system plugin from the main and ./alpha entries', () => {
    expect(mainDefault).toBe(alphaPlugin);
    expect(alphaPlugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(alphaPlugin.id).toBe('delivery');
  });

  it('provides the Delivery tab of component pages', () => {
    const tester = createExtensionTester(entityDeliveryContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('delivery');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Delivery');
    expect(tester.get(EntityContentBlueprint.dataRefs.filterExpression)).toBe(
      undefined,
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    const component = {
      apiVersion: 'v1',
      kind: 'Component',
      metadata: { name: 'a' },
    };
    const api = { ...component, kind: 'API' };
    expect(filter?.(component)).toBe(true);
    expect(filter?.(api)).toBe(false);
  });

  it('keeps legacy exports for apps on the old frontend system', () => {
    expect(deliveryPlugin.getId()).toBe('delivery');
    expect(EntityDeliveryContent).toBeDefined();
  });
});
