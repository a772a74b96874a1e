import { Entity } from '@backstage/catalog-model';
import { EntityListContextProps } from '@backstage/plugin-catalog-react';
import { catalogColumns } from './catalogColumns';

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', tags: ['node'] },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
});

/** The fields of the visible columns for a list of components. */
function visibleFields(entities: Entity[]) {
  const context = {
    entities,
    filters: {},
  } as unknown as EntityListContextProps;
  return catalogColumns(context)
    .filter(column => !column.hidden)
    .map(column => column.field);
}

describe('catalogColumns', () => {
  it('lists components without their lifecycle, keeping description and tags', () => {
    expect(visibleFields([component('payments-api')])).toEqual([
      'resolved.entityRef',
      'resolved.partOfSystemRelationTitle',
      'resolved.ownedByRelationsTitle',
      'entity.spec.type',
      'entity.metadata.description',
      'entity.metadata.tags',
    ]);
  });
});
