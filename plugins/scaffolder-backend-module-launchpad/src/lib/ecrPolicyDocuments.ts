/**
 * Shape checks of the two policy documents ECR stores as JSON text, so a dry
 * run refuses what PutLifecyclePolicy and SetRepositoryPolicy would. Each
 * function returns the problems in words, empty when the document is fine.
 *
 * Lifecycle rules: "Lifecycle policy properties" in the Amazon ECR User Guide.
 * Repository policies: IAM policy grammar for resource-based policies.
 */

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isWholeNumberFromOne = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 1;

const isNonEmptyStringList = (value: unknown) =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every(v => typeof v === 'string' && v.length > 0);

const oneOf = (values: readonly string[]) =>
  values.map(v => `'${v}'`).join(', ');

/**
 * Length limits of the policy texts (API reference of PutLifecyclePolicy and
 * SetRepositoryPolicy). The lifecycle text also has a minimum of 100, which
 * every document of the right shape exceeds.
 */
export const LIFECYCLE_POLICY_TEXT_MAX_LENGTH = 30720;
export const REPOSITORY_POLICY_TEXT_MAX_LENGTH = 10240;

const TAG_STATUSES = ['tagged', 'untagged', 'any'] as const;
const COUNT_TYPES = [
  'imageCountMoreThan',
  'sinceImagePushed',
  'sinceImagePulled',
  'sinceImageTransitioned',
] as const;
const STORAGE_CLASSES = ['standard', 'archive'] as const;
const ACTION_TYPES = ['expire', 'transition'] as const;

function selectionProblems(selection: JsonObject, at: string): string[] {
  const problems: string[] = [];
  const { tagStatus, countType, countUnit, countNumber, storageClass } =
    selection;
  const tagLists = (['tagPrefixList', 'tagPatternList'] as const).filter(
    key => selection[key] !== undefined,
  );
  if (!TAG_STATUSES.includes(tagStatus as any)) {
    problems.push(`${at}.tagStatus must be one of ${oneOf(TAG_STATUSES)}`);
  } else if (tagStatus === 'tagged') {
    if (!tagLists.some(key => isNonEmptyStringList(selection[key]))) {
      problems.push(
        `${at}: tagStatus 'tagged' needs a non-empty tagPrefixList or tagPatternList`,
      );
    }
  } else if (tagLists.length) {
    problems.push(
      `${at}: tagPrefixList and tagPatternList are only allowed with tagStatus 'tagged'`,
    );
  }
  if (!COUNT_TYPES.includes(countType as any)) {
    problems.push(`${at}.countType must be one of ${oneOf(COUNT_TYPES)}`);
  } else if (countType === 'imageCountMoreThan') {
    if (countUnit !== undefined) {
      problems.push(
        `${at}.countUnit is only allowed with the countType of an age (since...)`,
      );
    }
  } else if (countUnit !== 'days') {
    problems.push(`${at}.countUnit must be 'days' with countType ${countType}`);
  }
  if (!isWholeNumberFromOne(countNumber)) {
    problems.push(`${at}.countNumber must be a whole number of at least 1`);
  }
  if (
    storageClass !== undefined &&
    !STORAGE_CLASSES.includes(storageClass as any)
  ) {
    problems.push(
      `${at}.storageClass must be one of ${oneOf(STORAGE_CLASSES)}`,
    );
  }
  return problems;
}

function actionProblems(action: unknown, at: string): string[] {
  if (!isObject(action) || !ACTION_TYPES.includes(action.type as any)) {
    return [`${at}.type must be one of ${oneOf(ACTION_TYPES)}`];
  }
  if (action.type === 'transition' && action.targetStorageClass !== 'archive') {
    return [`${at}.targetStorageClass must be 'archive' for a transition`];
  }
  return [];
}

/** An ECR lifecycle policy: `{ "rules": [ { rulePriority, selection, action } ] }`. */
export function lifecyclePolicyProblems(doc: unknown): string[] {
  if (!isObject(doc) || !Array.isArray(doc.rules) || !doc.rules.length) {
    return ['must be a JSON object with "rules", a non-empty list of rules'];
  }
  const problems: string[] = [];
  const priorities: number[] = [];
  doc.rules.forEach((rule: unknown, index: number) => {
    const at = `rules[${index}]`;
    if (!isObject(rule)) {
      problems.push(`${at} must be an object`);
      return;
    }
    if (!isWholeNumberFromOne(rule.rulePriority)) {
      problems.push(`${at}.rulePriority must be a whole number of at least 1`);
    } else if (priorities.includes(rule.rulePriority)) {
      problems.push(
        `${at}.rulePriority must be unique: another rule has ${rule.rulePriority}`,
      );
    } else {
      priorities.push(rule.rulePriority);
    }
    if (isObject(rule.selection)) {
      problems.push(...selectionProblems(rule.selection, `${at}.selection`));
    } else {
      problems.push(`${at}.selection must be an object`);
    }
    problems.push(...actionProblems(rule.action, `${at}.action`));
  });
  const highest = Math.max(...priorities);
  doc.rules.forEach((rule: unknown, index: number) => {
    if (
      isObject(rule) &&
      isObject(rule.selection) &&
      rule.selection.tagStatus === 'any' &&
      isWholeNumberFromOne(rule.rulePriority) &&
      rule.rulePriority < highest
    ) {
      problems.push(
        `rules[${index}]: a rule with tagStatus 'any' must have the highest rulePriority`,
      );
    }
  });
  return problems;
}

const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'] as const;
const EFFECTS = ['Allow', 'Deny'] as const;

function statementProblems(statement: unknown, at: string): string[] {
  if (!isObject(statement)) {
    return [`${at} must be an object`];
  }
  const problems: string[] = [];
  if (!EFFECTS.includes(statement.Effect as any)) {
    problems.push(`${at}.Effect must be one of ${oneOf(EFFECTS)}`);
  }
  if (
    statement.Principal === undefined &&
    statement.NotPrincipal === undefined
  ) {
    problems.push(
      `${at} needs a Principal (or NotPrincipal): a repository policy says who it applies to`,
    );
  }
  if (statement.Action === undefined && statement.NotAction === undefined) {
    problems.push(`${at} needs an Action (or NotAction)`);
  }
  return problems;
}

/** An ECR repository policy: `{ "Version": "2012-10-17", "Statement": [ ... ] }`. */
export function repositoryPolicyProblems(doc: unknown): string[] {
  if (!isObject(doc)) {
    return ['must be a JSON object with "Version" and "Statement"'];
  }
  const problems: string[] = [];
  if (!POLICY_VERSIONS.includes(doc.Version as any)) {
    problems.push(`Version must be one of ${oneOf(POLICY_VERSIONS)}`);
  }
  // The IAM grammar allows one statement object as well as a list of them.
  const statements = Array.isArray(doc.Statement)
    ? doc.Statement
    : [doc.Statement];
  if (doc.Statement === undefined || !statements.length) {
    problems.push('Statement must be a non-empty list of statements');
  } else {
    statements.forEach((statement, index) =>
      problems.push(
        ...statementProblems(
          statement,
          Array.isArray(doc.Statement) ? `Statement[${index}]` : 'Statement',
        ),
      ),
    );
  }
  return problems;
}
