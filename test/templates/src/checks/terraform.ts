import { parse } from '@cdktf/hcl2json';

/** hcl2json's shape: blocks are maps of labels to arrays of bodies. */
type Body = Record<string, any>;
export type Module = {
  resource?: Record<string, Record<string, Body[]>>;
  data?: Record<string, Record<string, Body[]>>;
  variable?: Record<string, Body[]>;
  output?: Record<string, Body[]>;
  module?: Record<string, Body[]>;
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
export function moduleProblems(
  name: string,
  module: Module,
  options: { root: boolean } = { root: true },
): string[] {
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
  if (options.root && !backend) problems.push(`${name}: state is not on S3`);
  else if (options.root && backend.use_lockfile !== true)
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

type FormatLine = { text: string; code: string; net: number; equals: number };

/** Splits a line into its code (strings blanked, comment dropped), bracket balance and first `=`. */
function scanLine(text: string): FormatLine {
  let code = '';
  let net = 0;
  let equals = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') {
        code += '  ';
        i++;
      } else if (c === '"') {
        inString = false;
        code += c;
      } else {
        code += ' ';
      }
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) break;
    if (c === '"') inString = true;
    if ('([{'.includes(c)) net++;
    if (')]}'.includes(c)) net--;
    const isAssign =
      c === '=' &&
      !'=!<>'.includes(text[i - 1] ?? '') &&
      !'=>'.includes(text[i + 1] ?? '');
    if (isAssign && equals < 0 && code.trim() !== '') equals = i;
    code += c;
  }
  return { text, code, net, equals };
}

/**
 * What `terraform fmt -check` would change, following hclwrite's rules: two
 * spaces of indent per open bracket level, one space after `=`, and the `=`
 * of consecutive single-line attributes aligned one space after the longest
 * name. The generated workflow runs the real `terraform fmt -check`.
 */
export function formatProblems(file: string, text: string): string[] {
  const problems: string[] = [];
  const lines = text.split('\n').map(scanLine);
  const indents: number[] = [];
  lines.forEach((line, index) => {
    if (line.code.trim() === '' && line.text.trim() === '') return;
    const lead = line.text.length - line.text.trimStart().length;
    let expected: number;
    if (line.net > 0) {
      expected = 2 * indents.length;
      indents.push(line.net);
    } else if (line.net < 0) {
      let closed = -line.net;
      while (closed > 0 && indents.length > 0) {
        const top = indents[indents.length - 1];
        if (closed >= top) {
          closed -= top;
          indents.pop();
        } else {
          indents[indents.length - 1] = top - closed;
          closed = 0;
        }
      }
      expected = 2 * indents.length;
    } else {
      expected = 2 * indents.length;
    }
    if (lead !== expected) {
      problems.push(
        `${file}:${
          index + 1
        }: indented ${lead}, terraform fmt indents ${expected}`,
      );
    }
  });

  // An attribute line has its `=` in the "assign" cell when the rest of the
  // line closes every bracket it opens; runs of such lines align their `=`.
  const assigns = lines.map(line => {
    if (line.equals < 0) return undefined;
    const rest = scanLine(line.text.slice(line.equals));
    return rest.net === 0 ? line.equals : undefined;
  });
  let start = 0;
  while (start < lines.length) {
    if (assigns[start] === undefined) {
      start++;
      continue;
    }
    let end = start;
    while (end < lines.length && assigns[end] !== undefined) end++;
    let width = 0;
    for (let i = start; i < end; i++) {
      width = Math.max(
        width,
        lines[i].text.slice(0, assigns[i]).trimEnd().length,
      );
    }
    for (let i = start; i < end; i++) {
      if (assigns[i] !== width + 1) {
        problems.push(
          `${file}:${i + 1}: '=' at column ${
            assigns[i]! + 1
          }, terraform fmt puts it at ${width + 2}`,
        );
      }
    }
    start = end;
  }
  for (const [index, line] of lines.entries()) {
    if (
      line.equals >= 0 &&
      assigns[index] === undefined &&
      line.text[line.equals - 1] !== ' '
    ) {
      problems.push(`${file}:${index + 1}: no space before '='`);
    }
    if (
      line.equals >= 0 &&
      / {2,}=/.test(line.text) &&
      assigns[index] === undefined
    ) {
      problems.push(
        `${file}:${
          index + 1
        }: spaces before '=' of a multi-line value are not aligned by terraform fmt`,
      );
    }
  }
  return problems;
}
