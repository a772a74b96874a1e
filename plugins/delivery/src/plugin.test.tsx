import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import alphaPlugin, {
  entityOwnershipCard,
  deliveryOrganisationPage,
  entityDeliveryContent,
  entityDeliveryOverviewCard,
  entityDeliveryRollupCard,
} from './alpha';
import * as main from './index';
import mainDefault, {
  EntityDeliveryContent,
  EntityDeliveryOverviewCard,
  EntityDeliveryRollupCard,
  DeliveryOrganisationPage,
  deliveryPlugin,
} from './index';

describe('delivery plugin exports', () => {
  it('default-exports the same new-frontend-system plugin from the main and ./alpha entries', () => {
    expect(mainDefault).toBe(alphaPlugin);
    expect(alphaPlugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(alphaPlugin.id).toBe('delivery');
  });

  it('provides the Delivery tab of components with a GitHub repository', () => {
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
      metadata: {
        name: 'a',
        annotations: { 'github.com/project-slug': 'acme/a' },
      },
    };
    expect(filter?.(component)).toBe(true);
    expect(filter?.({ ...component, metadata: { name: 'a' } })).toBe(false);
    expect(filter?.({ ...component, kind: 'API' })).toBe(false);
  });

  it('provides the rollup card of group pages', () => {
    const tester = createExtensionTester(entityDeliveryRollupCard);
    expect(tester.get(EntityCardBlueprint.dataRefs.filterExpression)).toBe(
      'kind:group',
    );
    expect(
      tester.get(EntityCardBlueprint.dataRefs.filterFunction),
    ).toBeUndefined();
  });

  it('provides the overview card of components with a GitHub repository', () => {
    const tester = createExtensionTester(entityDeliveryOverviewCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    const component = {
      apiVersion: 'v1',
      kind: 'Component',
      metadata: {
        name: 'a',
        annotations: { 'github.com/project-slug': 'acme/a' },
      },
    };
    expect(filter?.(component)).toBe(true);
    expect(filter?.({ ...component, metadata: { name: 'a' } })).toBe(false);
    expect(filter?.({ ...component, kind: 'Group' })).toBe(false);
  });

  it('installs the tab and both cards with the plugin', () => {
    expect(
      alphaPlugin.getExtension('entity-card:delivery/rollup'),
    ).toMatchObject({ kind: 'entity-card', name: 'rollup' });
    expect(
      alphaPlugin.getExtension('entity-card:delivery/overview'),
    ).toMatchObject({ kind: 'entity-card', name: 'overview' });
    expect(alphaPlugin.getExtension('entity-content:delivery')).toMatchObject({
      kind: 'entity-content',
    });
  });

  it('provides the organisation page at /delivery, titled for the sidebar', () => {
    const tester = createExtensionTester(deliveryOrganisationPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/delivery');
    expect(tester.get(coreExtensionData.title)).toBe('Organisation');
    expect(alphaPlugin.getExtension('page:delivery')).toMatchObject({
      kind: 'page',
      namespace: 'delivery',
    });
  });

  it('keeps legacy exports for apps on the old frontend system', () => {
    expect(deliveryPlugin.getId()).toBe('delivery');
    expect(EntityDeliveryContent).toBeDefined();
    expect(EntityDeliveryRollupCard).toBeDefined();
    expect(EntityDeliveryOverviewCard).toBeDefined();
    expect(DeliveryOrganisationPage).toBeDefined();
  });

  it('has a legacy export beside every page, tab and card of the new frontend system', () => {
    // extension id -> legacy export of the same component
    const pairs: Record<string, keyof typeof main> = {
      'page:delivery': 'DeliveryOrganisationPage',
      'entity-content:delivery': 'EntityDeliveryContent',
      'entity-content:delivery/pipelines': 'EntityPipelinesContent',
      'entity-content:delivery/health': 'EntityHealthContent',
      'entity-card:delivery/rollup': 'EntityDeliveryRollupCard',
      'entity-card:delivery/overview': 'EntityDeliveryOverviewCard',
      'entity-card:delivery/recent-runs': 'EntityRecentRunsCard',
      'entity-card:delivery/health-summary': 'EntityHealthSummaryCard',
      'entity-card:delivery/ownership': 'EntityOwnershipCard',
    };
    for (const [id, legacy] of Object.entries(pairs)) {
      expect(alphaPlugin.getExtension(id as any)).toBeDefined();
      expect(main[legacy]).toBeDefined();
    }
  });

  it('provides the ownership card on the overview of every component', () => {
    const tester = createExtensionTester(entityOwnershipCard);
    expect(tester.get(EntityCardBlueprint.dataRefs.filterExpression)).toBe(
      'kind:component',
    );
    // in the side column, beside the About card
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
  });
});
