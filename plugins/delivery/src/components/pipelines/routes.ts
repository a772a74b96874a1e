import { createRouteRef } from '@backstage/core-plugin-api';

/** Where a legacy app mounts the Pipelines tab. */
export const pipelinesRouteRef = createRouteRef({ id: 'delivery-pipelines' });
