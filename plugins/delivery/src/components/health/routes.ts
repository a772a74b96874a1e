import { createRouteRef } from '@backstage/core-plugin-api';

/** Where a legacy app mounts the Health tab. */
export const healthRouteRef = createRouteRef({ id: 'delivery-health' });
