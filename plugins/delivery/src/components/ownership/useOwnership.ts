import {
  Entity,
  RELATION_OWNED_BY,
  UserEntity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/** The owner of an entity: the target of its `ownedBy` relation, else its `spec.owner`. */
export function ownerRefOf(entity: Entity): string | undefined {
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (relation) return relation.targetRef;
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

export interface Ownership {
  /** the owner as the catalog has it; undefined when the catalog does not know it */
  owner?: Entity;
  /** the users who are members of the owning group, by name; the owner itself when it is a user */
  members: UserEntity[];
}

const memberFields = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile',
];

const nameOf = (user: UserEntity) =>
  user.spec?.profile?.displayName ?? user.metadata.title ?? user.metadata.name;

/** Reads the owner of an entity and the owner's members from the catalog. */
export function useOwnership(ownerRef: string | undefined) {
  const catalogApi = useApi(catalogApiRef);
  return useAsyncRetry(async (): Promise<Ownership> => {
    if (!ownerRef) return { members: [] };
    const owner = await catalogApi.getEntityByRef(ownerRef);
    if (!owner) return { members: [] };
    if (owner.kind.toLowerCase() === 'user') {
      return { owner, members: [owner as UserEntity] };
    }
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'User', 'relations.memberof': ownerRef.toLowerCase() },
      fields: memberFields,
    });
    const members = (items as UserEntity[]).sort((a, b) =>
      nameOf(a).localeCompare(nameOf(b)),
    );
    return { owner, members };
  }, [catalogApi, ownerRef]);
}
