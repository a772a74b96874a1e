import {
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/** Annotations the health page, the Delivery tab and TechDocs read. */
export const REQUIRED_ANNOTATIONS = [
  'github.com/project-slug',
  'backstage.io/techdocs-ref',
  'launchpad.dev/production-environments',
  'aws.amazon.com/ecr-repository',
  'prometheus.io/alert',
  'prometheus.io/labels',
  'grafana/dashboard-selector',
  'launchpad.dev/on-call',
];

/** Validates a Component the way the catalog does: entity policies, then the kind's schema. */
export async function validateComponent(entity: Entity): Promise<void> {
  const checked = await policy.enforce(entity);
  if (!checked) throw new Error('the entity policies rejected the entity');
  if (!(await componentEntityV1alpha1Validator.check(checked))) {
    throw new Error('not a valid Component');
  }
}
