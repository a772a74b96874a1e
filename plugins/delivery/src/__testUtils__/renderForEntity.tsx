import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { ReactElement } from 'react';
import { DeliveryApi, deliveryApiRef } from '../api';

/** The example service the fixtures describe. */
export const paymentsApiEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'github.com/project-slug': 'acme/payments-api' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
};

/** Renders a delivery component on an entity page backed by the given API. */
export function renderForEntity(
  element: ReactElement,
  api: DeliveryApi,
  entity: Entity = paymentsApiEntity,
  /** the page's URL, with the query a view keeps */
  path = '/',
) {
  return renderInTestApp(
    <TestApiProvider apis={[[deliveryApiRef, api]]}>
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}
