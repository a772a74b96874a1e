import { createRouteRef } from '@backstage/core-plugin-api';

export const rootRouteRef = createRouteRef({ id: 'delivery' });

export const organisationPageRouteRef = createRouteRef({
  id: 'delivery-organisation',
});
