import { lengthBetween, Rule } from '../rules';

/** User and organisation names (also the logins of environment reviewers). */
export const GITHUB_ACCOUNT_NAME_RULES: Rule[] = [
  lengthBetween(1, 39),
  {
    holds: v => /^[A-Za-z0-9-]*$/.test(v),
    message: 'may contain only letters, digits and hyphens',
  },
  {
    holds: v => !v.startsWith('-') && !v.endsWith('-'),
    message: 'must not start or end with a hyphen',
  },
  {
    holds: v => !v.includes('--'),
    message: 'must not contain two hyphens in a row',
  },
];

export const GITHUB_REPOSITORY_NAME_RULES: Rule[] = [
  lengthBetween(1, 100),
  {
    holds: v => /^[A-Za-z0-9._-]*$/.test(v),
    message: "may contain only letters, digits, '.', '_' and '-'",
  },
  { holds: v => v !== '.' && v !== '..', message: "must not be '.' or '..'" },
];

/** Environment names are case-insensitive on GitHub and at most 255 characters. */
export const GITHUB_ENVIRONMENT_NAME_RULES: Rule[] = [
  lengthBetween(1, 255),
  {
    holds: v => /^[A-Za-z0-9._-]*$/.test(v),
    message: "may contain only letters, digits, '.', '_' and '-'",
  },
];

/**
 * Branch names as git accepts them (git check-ref-format), where the pattern
 * characters `*`, `?` and `[ ]` of a deployment branch policy are allowed.
 */
export const GITHUB_BRANCH_PATTERN_RULES: Rule[] = [
  lengthBetween(1, 255),
  {
    // eslint-disable-next-line no-control-regex
    holds: v => !/[\u0000-\u0020\u007f]/.test(v),
    message: 'must not contain spaces or control characters',
  },
  {
    holds: v => !/[~^:\\]/.test(v),
    message: "must not contain '~', '^', ':' or '\\'",
  },
  {
    holds: v => !v.includes('..') && !v.includes('@{') && v !== '@',
    message: "must not contain '..' or '@{', nor be '@'",
  },
  {
    holds: v => !v.startsWith('/') && !v.endsWith('/') && !v.includes('//'),
    message: "must not start or end with '/' nor contain '//'",
  },
  {
    holds: v => v.split('/').every(part => !part.startsWith('.')),
    message: "must not have a part (between '/') that starts with '.'",
  },
  {
    holds: v =>
      !v.endsWith('.') && v.split('/').every(part => !part.endsWith('.lock')),
    message: "must not end with '.' nor have a part that ends with '.lock'",
  },
];

/** Names of Actions variables and secrets; GitHub compares them ignoring case. */
export const GITHUB_ACTIONS_NAME_RULES: Rule[] = [
  {
    holds: v => /^[A-Za-z0-9_]+$/.test(v),
    message: 'must be letters, digits and underscores only (no spaces)',
  },
  { holds: v => !/^[0-9]/.test(v), message: 'must not start with a digit' },
  {
    holds: v => !/^GITHUB_/i.test(v),
    message: "must not start with 'GITHUB_' (reserved by GitHub)",
  },
];

/** Repository-level limits of GitHub Actions. */
export const GITHUB_ACTIONS_LIMITS = {
  repositorySecrets: 100,
  repositoryVariables: 500,
  valueBytes: 48 * 1024,
};
