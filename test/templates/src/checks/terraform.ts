import { parse } from '@cdktf/hcl2json';

/** hcl2json's shape: blocks are maps of labels to arrays of bodies. */
type Body = Record<string, any>;
export type Module = {
  resource?: Record<string, Record<string, Body[]>>;
  data?: Record<string, Record<string, Body[]>>;
  variable?: Record<string, Body[]>;
  output?: Record<string, Body[]>;
  import?: Body[];
  terraform?: Body[];
};

/** Parses every file of one Terraform module into one merged document. */
export async function parseModule(
  files: { name: string; text: string }[],
): Promise<Module> {
  const merged: Module = {};
  for (const file of files) {
    const doc = (await parse(file.name, file.text)) as Record<string, any>;
    for (const [kind, value] of Object.entries(doc)) {
      const target = merged as Record<string, any>;
      if (Array.isArray(value)) {
        target[kind] = [...(target[kind] ?? []), ...value];
      } else {
        target[kind] ??= {};
        for (const [type, byName] of Object.entries(value as Body)) {
          target[kind][type] = Array.isArray(byName)
            ? byName
            : { ...target[kind][type], ...(byName as Body) };
        }
      }
    }
  }
  return merged;
}

/** `type.name` of every resource the module declares. */
export function resourceAddresses(module: Module): string[] {
  return Object.entries(module.resource ?? {}).flatMap(([type, byName]) =>
    Object.keys(byName).map(name => `${type}.${name}`),
  );
}

function asList(value: unknown): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/**
 * Rule checks no Terraform here can run: variables validated, no `*` action
 * on `*` resource, OIDC trust pinned to one repository, state locked.
 */
export function moduleProblems(name: string, module: Module): string[] {
  const problems: string[] = [];
  for (const [variable, [body]] of Object.entries(module.variable ?? {})) {
    if (!body?.validation)
      problems.push(`${name}: variable ${variable} has no validation block`);
    if (!body?.description)
      problems.push(`${name}: variable ${variable} has no description`);
  }
  if (Object.keys(module.output ?? {}).length === 0) {
    problems.push(`${name}: declares no outputs`);
  }
  const backend = module.terraform?.[0]?.backend?.s3?.[0];
  if (!backend) problems.push(`${name}: state is not on S3`);
  else if (backend.use_lockfile !== true)
    problems.push(`${name}: S3 state without use_lockfile = true`);

  for (const [docName, [doc]] of Object.entries(
    module.data?.aws_iam_policy_document ?? {},
  )) {
    for (const statement of doc?.statement ?? []) {
      const actions = asList(statement.actions);
      const resources = asList(statement.resources);
      if (
        actions.some(a => a === '*' || a.endsWith(':*')) &&
        resources.includes('*')
      ) {
        problems.push(
          `${name}: policy ${docName} allows a wildcard action on every resource`,
        );
      }
      if (actions.includes('*'))
        problems.push(`${name}: policy ${docName} allows every action`);
      if (actions.includes('sts:AssumeRoleWithWebIdentity')) {
        const conditions: Body[] = statement.condition ?? [];
        const sub = conditions.find(c => String(c.variable).endsWith(':sub'));
        const aud = conditions.find(c => String(c.variable).endsWith(':aud'));
        if (
          !aud ||
          aud.test !== 'StringEquals' ||
          !asList(aud.values).includes('sts.amazonaws.com')
        ) {
          problems.push(
            `${name}: ${docName} does not require the sts.amazonaws.com audience`,
          );
        }
        if (!sub || sub.test !== 'StringEquals') {
          problems.push(
            `${name}: ${docName} does not pin the token subject with StringEquals`,
          );
        }
        for (const value of asList(sub?.values)) {
          if (
            !value.startsWith('repo:${var.github_repository}:') ||
            value.includes('*')
          ) {
            problems.push(
              `${name}: ${docName} trusts ${value}, not only this repository`,
            );
          }
        }
      }
    }
  }
  return problems;
}

/** Text rules over every Terraform file: no account ids, no credentials. */
export function textProblems(file: string, text: string): string[] {
  const problems: string[] = [];
  const rules: [RegExp, string][] = [
    [/(?<![0-9])[0-9]{12}(?![0-9])/, 'a hard-coded 12-digit AWS account id'],
    [/AKIA[0-9A-Z]{16}/, 'an AWS access key id'],
    [
      /aws_secret_access_key|secret_key\s*=|access_key\s*=/i,
      'static AWS credentials',
    ],
    [/password\s*=\s*"[^"$]/i, 'a literal password'],
    [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  ];
  for (const [pattern, what] of rules) {
    if (pattern.test(text)) problems.push(`${file} contains ${what}`);
  }
  return problems;
}
