import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { isDemoDataEntity } from '@internal/plugin-delivery-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Loaded } from './useDeliveryData';

/** Which of the services are example services with generated figures. */
export function useDemoServices(
  entityRefs: string[] | undefined,
): Loaded<Set<string>> {
  const catalogApi = useApi(catalogApiRef);
  return useAsyncRetry(async () => {
    if (!entityRefs?.length) return new Set<string>();
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs,
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.annotations',
      ],
    });
    return new Set(
      entityRefs.filter((_, i) => {
        const entity = items[i];
        return entity !== undefined && isDemoDataEntity(entity);
      }),
    );
  }, [catalogApi, entityRefs]);
}
