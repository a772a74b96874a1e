import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { deliveryApiRef } from '../../api';

/** The entity's health from the delivery backend, with `retry` to read it again. */
export function useServiceHealth(entityRef: string) {
  const api = useApi(deliveryApiRef);
  return useAsyncRetry(() => api.getServiceHealth(entityRef), [api, entityRef]);
}
