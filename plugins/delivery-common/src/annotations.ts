/** `owner/repo` of the GitHub repository a catalog entity is built from. */
export const ANNOTATION_GITHUB_PROJECT_SLUG = 'github.com/project-slug';
/** Optional path inside a monorepo that narrows the entity's changes. */
export const ANNOTATION_DELIVERY_PATH = 'launchpad.dev/delivery-path';
/** Optional comma-separated workflow names whose deployments and runs belong to the entity. */
export const ANNOTATION_DELIVERY_WORKFLOWS = 'launchpad.dev/delivery-workflows';
/** Optional comma-separated environment names that count as production for the entity. */
export const ANNOTATION_PRODUCTION_ENVIRONMENTS =
  'launchpad.dev/production-environments';

/** Environment names that count as production when neither config nor the entity says otherwise. */
export const DEFAULT_PRODUCTION_ENVIRONMENTS = ['production', 'prod', 'live'];
/**
 * `"true"` on the example services only: with `delivery.demoData.enabled` the
 * backend generates a fabricated history for them, and the portal labels
 * their figures as demo data. Entities without it never get demo data.
 */
export const ANNOTATION_DEMO_DATA = 'launchpad.dev/demo-data';

/** Whether the entity is an example service whose delivery figures are fabricated. */
export function isDemoDataEntity(entity: {
  metadata: { annotations?: Record<string, string> };
}): boolean {
  // case-insensitive, as the catalog filter the backend seeds by
  return (
    entity.metadata.annotations?.[ANNOTATION_DEMO_DATA]?.toLowerCase() ===
    'true'
  );
}
/** Optional IANA time zone (e.g. `America/Los_Angeles`) the entity's deploy days are counted in. */
export const ANNOTATION_TIMEZONE = 'launchpad.dev/timezone';

/**
 * Who to reach, in order, when the on-call (`launchpad.dev/on-call`) does not
 * answer: comma-separated steps, each an e-mail address, a catalog user or
 * group (`user:alice`), a chat channel (`#payments-leads`) or a URL (an
 * escalation policy). Read from the component, else from its owning group.
 */
export const ANNOTATION_ESCALATION = 'launchpad.dev/escalation';

/** The steps of an escalation annotation, in order, blanks dropped. */
export function parseEscalation(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(step => step.trim())
    .filter(step => step !== '');
}
