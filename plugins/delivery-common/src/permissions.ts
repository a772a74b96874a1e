import { createPermission } from '@backstage/plugin-permission-common';

/** Allows pushing deployments, incidents, pipeline runs and changes through the events API. */
export const deliveryEventsCreatePermission = createPermission({
  name: 'delivery.events.create',
  attributes: { action: 'create' },
});

/** All permissions declared by the delivery plugin. */
export const deliveryPermissions = [deliveryEventsCreatePermission];
