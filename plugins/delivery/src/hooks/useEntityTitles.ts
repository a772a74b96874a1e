import { useApiHolder } from '@backstage/core-plugin-api';
import {
  defaultEntityPresentation,
  entityPresentationApiRef,
} from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';

/**
 * The names people know entities by, by entity ref: those entity links show
 * (a group's display name, a system's title), from the catalog's entity
 * presentation. Until they are known, or without the presentation API, the
 * names the refs themselves give.
 */
export function useEntityTitles(entityRefs: string[]): Map<string, string> {
  const presentation = useApiHolder().get(entityPresentationApiRef);
  const fromRefs = useMemo(
    () =>
      new Map(
        entityRefs.map(ref => [
          ref,
          defaultEntityPresentation(ref).primaryTitle,
        ]),
      ),
    [entityRefs],
  );
  const { value } = useAsync(async () => {
    if (!presentation) return fromRefs;
    const titles = await Promise.all(
      entityRefs.map(
        async ref => (await presentation.forEntity(ref).promise).primaryTitle,
      ),
    );
    return new Map(entityRefs.map((ref, i) => [ref, titles[i]]));
  }, [presentation, entityRefs, fromRefs]);
  return value ?? fromRefs;
}
