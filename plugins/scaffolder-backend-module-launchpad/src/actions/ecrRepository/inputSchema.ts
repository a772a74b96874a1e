import { z } from 'zod/v3';
import {
  AWS_REGION_PATTERN,
  ECR_REPOSITORY_NAME_PATTERN,
  tagProblems,
} from '../../lib/ecr';
import {
  LIFECYCLE_POLICY_TEXT_MAX_LENGTH,
  lifecyclePolicyProblems,
  REPOSITORY_POLICY_TEXT_MAX_LENGTH,
  repositoryPolicyProblems,
} from '../../lib/ecrPolicyDocuments';

/** The error of a policy that is neither JSON text nor an object. */
const POLICY_TYPE_ERROR = {
  errorMap: () => ({ message: 'must be a JSON object, or JSON text of one' }),
};

/**
 * Checks a policy document given as JSON text or as an object: that the text
 * parses, that the document has the shape ECR expects, and that the JSON text
 * sent to ECR (compact, as written by JSON.stringify) fits ECR's length limit.
 */
const checkPolicyDocument =
  (problemsOf: (doc: unknown) => string[], maxTextLength: number) =>
  (value: string | Record<string, unknown>, ctx: z.RefinementCtx) => {
    let doc: unknown = value;
    if (typeof value === 'string') {
      try {
        doc = JSON.parse(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return;
      }
    }
    const problems = problemsOf(doc);
    if (JSON.stringify(doc).length > maxTextLength) {
      problems.push(
        `must be at most ${maxTextLength} characters as JSON text (ECR limit)`,
      );
    }
    for (const message of problems) {
      ctx.addIssue({ code: 'custom', message });
    }
  };

export const inputSchema = (zImpl: typeof z) =>
  zImpl
    .object({
      repositoryName: zImpl
        .string({
          description:
            'Repository name: lowercase letters, digits, . _ - and / between path parts (ECR naming rules), 2 to 256 characters',
        })
        .min(2, 'must be 2 to 256 characters')
        .max(256, 'must be 2 to 256 characters')
        .regex(
          ECR_REPOSITORY_NAME_PATTERN,
          "must follow ECR naming rules: lowercase letters and digits, in parts joined by a single '.', '_' or '-', with '/' between path parts; no separator at the start or end",
        ),
      region: zImpl
        .string({
          description:
            'AWS region, for example eu-west-1. Default: launchpad.aws.ecr.defaultRegion',
        })
        .regex(
          AWS_REGION_PATTERN,
          'is not an AWS region name such as eu-west-1',
        )
        .optional(),
      accountId: zImpl
        .string({
          description:
            'AWS account ID whose credentials (aws.accounts in app-config) are used. Default: launchpad.aws.ecr.defaultAccountId, else the main account / default credential chain',
        })
        .regex(/^\d{12}$/, 'must be a 12-digit AWS account ID')
        .optional(),
      imageTagMutability: zImpl
        .enum(['IMMUTABLE', 'MUTABLE'], {
          description: "Image tag mutability. Default: 'IMMUTABLE'",
        })
        .optional(),
      scanOnPush: zImpl
        .boolean({ description: 'Scan images on push. Default: true' })
        .optional(),
      encryption: zImpl
        .object(
          {
            type: zImpl.enum(['AES256', 'KMS'], {
              description: "'AES256' (default) or 'KMS'",
            }),
            kmsKey: zImpl
              .string({
                description:
                  'KMS key ARN, ID or alias; only with type KMS (AWS-managed key when omitted)',
              })
              .min(1)
              .max(2048)
              .optional(),
          },
          {
            description:
              'Encryption at rest. Fixed at creation: an adopted repository keeps its own',
          },
        )
        .refine(e => e.type === 'KMS' || e.kmsKey === undefined, {
          message: 'kmsKey is only allowed with type KMS',
          path: ['kmsKey'],
        })
        .optional(),
      lifecyclePolicy: zImpl
        .object(
          {
            keepLastImages: zImpl
              .number({ description: 'Keep only the N most recent images' })
              .int()
              .min(1)
              .max(10000)
              .optional(),
            expireUntaggedAfterDays: zImpl
              .number({
                description: 'Expire untagged images N days after push',
              })
              .int()
              .min(1)
              .max(3650)
              .optional(),
            raw: zImpl
              .union([zImpl.string(), zImpl.record(zImpl.any())], {
                description:
                  'A complete lifecycle policy document (JSON text or object) instead of the presets: { "rules": [...] }',
                ...POLICY_TYPE_ERROR,
              })
              .superRefine(
                checkPolicyDocument(
                  lifecyclePolicyProblems,
                  LIFECYCLE_POLICY_TEXT_MAX_LENGTH,
                ),
              )
              .optional(),
          },
          { description: 'Lifecycle policy: presets or a raw document' },
        )
        .refine(
          p =>
            p.raw === undefined ||
            (p.keepLastImages === undefined &&
              p.expireUntaggedAfterDays === undefined),
          { message: 'raw cannot be combined with the presets', path: ['raw'] },
        )
        .optional(),
      repositoryPolicy: zImpl
        .union([zImpl.string(), zImpl.record(zImpl.any())], {
          description:
            'Repository policy document (JSON text or object) with Version and Statement, for example to allow pulls from other accounts',
          ...POLICY_TYPE_ERROR,
        })
        .superRefine(
          checkPolicyDocument(
            repositoryPolicyProblems,
            REPOSITORY_POLICY_TEXT_MAX_LENGTH,
          ),
        )
        .optional(),
      tags: zImpl
        .record(zImpl.string(), {
          description:
            "Tags to set on the repository (existing other tags are kept): at most 50, keys of 1 to 128 characters, values of at most 256, nothing starting with 'aws:'",
        })
        .superRefine((tags, ctx) => {
          for (const { key, message } of tagProblems(tags)) {
            ctx.addIssue({
              code: 'custom',
              message,
              path: key === undefined ? [] : [key],
            });
          }
        })
        .optional(),
    })
    .strict();

export type Input = z.output<ReturnType<typeof inputSchema>>;
