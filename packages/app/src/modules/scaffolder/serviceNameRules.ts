/** A rule for a service name, stated in words a newcomer understands. */
type Rule = { holds: (name: string) => boolean; message: string };

/**
 * Service names become the catalog entity, the repository, the ECR
 * repository and Kubernetes/DNS names, so they follow the strictest of these:
 * a DNS label of lowercase letters, digits and hyphens.
 */
export const SERVICE_NAME_RULES: Rule[] = [
  {
    holds: name => name.length >= 3 && name.length <= 63,
    message: 'Use 3 to 63 characters.',
  },
  {
    holds: name => /^[a-z0-9-]*$/.test(name),
    message:
      'Use only lowercase letters (a to z), digits and hyphens: no capitals, spaces, dots or underscores.',
  },
  {
    holds: name => /^[a-z]/.test(name),
    message: 'Start with a lowercase letter.',
  },
  {
    holds: name => /[a-z0-9]$/.test(name),
    message: 'End with a letter or a digit, not a hyphen.',
  },
  {
    holds: name => !name.includes('--'),
    message: 'Do not put two hyphens in a row.',
  },
];

/** The first rule the name breaks, in words; undefined when it follows all of them. */
export function serviceNameProblem(name: string): string | undefined {
  return SERVICE_NAME_RULES.find(rule => !rule.holds(name))?.message;
}
