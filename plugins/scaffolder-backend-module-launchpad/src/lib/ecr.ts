import {
  NotAllowedError,
  ServiceUnavailableError,
  isError,
} from '@backstage/errors';
import { characterCount } from './rules';

/** Repository name rule from the ECR API reference (CreateRepository). */
export const ECR_REPOSITORY_NAME_PATTERN =
  /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export const AWS_REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** Tag limits of ECR (and AWS tagging in general). */
export const ECR_TAG_LIMITS = { tags: 50, keyLength: 128, valueLength: 256 };

const RESERVED_TAG_PREFIX = /^aws:/i;

/**
 * What is wrong with a set of repository tags, each problem with the tag key
 * it concerns (none for the count or an empty key).
 */
export function tagProblems(
  tags: Record<string, string>,
): { key?: string; message: string }[] {
  const problems: { key?: string; message: string }[] = [];
  const keys = Object.keys(tags);
  if (keys.length > ECR_TAG_LIMITS.tags) {
    problems.push({
      message: `at most ${ECR_TAG_LIMITS.tags} tags per repository (ECR limit)`,
    });
  }
  for (const key of keys) {
    if (!key.length) {
      problems.push({ message: 'a tag key must not be empty' });
      continue;
    }
    if (characterCount(key) > ECR_TAG_LIMITS.keyLength) {
      problems.push({
        key,
        message: `key must be at most ${ECR_TAG_LIMITS.keyLength} characters`,
      });
    }
    if (RESERVED_TAG_PREFIX.test(key)) {
      problems.push({
        key,
        message: "key must not start with 'aws:' (reserved by AWS)",
      });
    }
    const value = tags[key];
    if (characterCount(value) > ECR_TAG_LIMITS.valueLength) {
      problems.push({
        key,
        message: `value must be at most ${ECR_TAG_LIMITS.valueLength} characters`,
      });
    }
    if (RESERVED_TAG_PREFIX.test(value)) {
      problems.push({
        key,
        message: "value must not start with 'aws:' (reserved by AWS)",
      });
    }
  }
  return problems;
}

export type LifecyclePolicyInput = {
  keepLastImages?: number;
  expireUntaggedAfterDays?: number;
  raw?: string | Record<string, unknown>;
};

type LifecycleRule = {
  rulePriority: number;
  description: string;
  selection: Record<string, unknown>;
  action: { type: 'expire' };
};

/**
 * Turns the presets into an ECR lifecycle policy document. A rule with
 * tagStatus "any" must carry the highest rulePriority, so "keep last N" comes last.
 */
export function buildLifecyclePolicy(
  input: LifecyclePolicyInput,
): string | undefined {
  if (input.raw !== undefined) {
    const doc =
      typeof input.raw === 'string' ? JSON.parse(input.raw) : input.raw;
    return JSON.stringify(doc);
  }
  const rules: LifecycleRule[] = [];
  if (input.expireUntaggedAfterDays !== undefined) {
    rules.push({
      rulePriority: rules.length + 1,
      description: `Expire untagged images ${input.expireUntaggedAfterDays} days after push`,
      selection: {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: input.expireUntaggedAfterDays,
      },
      action: { type: 'expire' },
    });
  }
  if (input.keepLastImages !== undefined) {
    rules.push({
      rulePriority: rules.length + 1,
      description: `Keep the last ${input.keepLastImages} images`,
      selection: {
        tagStatus: 'any',
        countType: 'imageCountMoreThan',
        countNumber: input.keepLastImages,
      },
      action: { type: 'expire' },
    });
  }
  return rules.length ? JSON.stringify({ rules }) : undefined;
}

/** JSON with sorted keys, so two policies compare equal regardless of key order and whitespace. */
export function canonicalJson(text: string): string {
  const sort = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sort);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value as object)
          .sort()
          .map(k => [k, sort((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return JSON.stringify(sort(JSON.parse(text)));
}

const THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'Throttling',
]);

/**
 * Maps an ECR SDK error to a Backstage error a template author can act on:
 * an AccessDenied names the IAM action to grant, throttling that outlived the
 * SDK's retries says so.
 */
export function describeEcrError(
  error: unknown,
  iamAction: string,
  resource: string,
): Error {
  if (!isError(error)) {
    return new Error(`${iamAction} on ${resource} failed: ${String(error)}`);
  }
  const status = (error as { $metadata?: { httpStatusCode?: number } })
    .$metadata?.httpStatusCode;
  if (
    error.name === 'AccessDeniedException' ||
    error.name === 'AccessDenied' ||
    error.name === 'UnrecognizedClientException' ||
    status === 403
  ) {
    return new NotAllowedError(
      `AWS denied ${iamAction} on ${resource}. Grant the IAM permission "${iamAction}" to the role the Backstage backend uses for ECR (see the README of @internal/plugin-scaffolder-backend-module-launchpad). AWS said: ${error.message}`,
    );
  }
  if (THROTTLING_ERRORS.has(error.name)) {
    const attempts = (error as { $metadata?: { attempts?: number } }).$metadata
      ?.attempts;
    return new ServiceUnavailableError(
      `ECR throttled ${iamAction} on ${resource}${
        attempts ? ` after ${attempts} attempts` : ''
      }; retry the task later or raise launchpad.aws.ecr.maxAttempts`,
    );
  }
  return error;
}
