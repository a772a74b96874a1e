import fs from 'node:fs';

/**
 * Response bodies taken from GitHub's own OpenAPI description
 * (@octokit/openapi), so the test double answers with the shapes GitHub
 * documents rather than shapes invented for the test.
 */
let spec: any;
const load = () => {
  spec ??= JSON.parse(
    fs.readFileSync(
      require.resolve('@octokit/openapi/generated/api.github.com.json'),
      'utf8',
    ),
  );
  return spec;
};

const deref = (node: any): any => {
  if (node && typeof node === 'object' && typeof node.$ref === 'string') {
    const target = node.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((o: any, k: string) => o?.[k], load());
    if (target === undefined) throw new Error(`Unresolvable ${node.$ref}`);
    return deref(target);
  }
  return node;
};

/** The documented example response of an endpoint, deep-copied so tests can adjust it. */
export function openApiExample(
  method: 'get' | 'put' | 'post' | 'patch' | 'delete',
  path: string,
  status = '200',
  exampleName?: string,
): any {
  const operation = load().paths[path]?.[method];
  if (!operation)
    throw new Error(
      `No ${method.toUpperCase()} ${path} in GitHub's OpenAPI description`,
    );
  const response = deref(operation.responses[status]);
  if (!response)
    throw new Error(
      `${method.toUpperCase()} ${path} documents no ${status} response`,
    );
  const examples = response.content?.['application/json']?.examples;
  if (!examples)
    throw new Error(`${method.toUpperCase()} ${path} ${status} has no example`);
  const chosen = exampleName
    ? examples[exampleName]
    : Object.values(examples)[0];
  return structuredClone(deref(chosen).value);
}

/** True when the operation documents this status code (so an error response is a documented one). */
export function documentsStatus(method: string, path: string, status: string) {
  return Boolean(load().paths[path]?.[method]?.responses?.[status]);
}

/** An error body with exactly the fields of GitHub's "basic-error" schema. */
export function basicError(message: string, status: number) {
  const properties = Object.keys(
    load().components.schemas['basic-error'].properties,
  );
  const body: Record<string, string> = {
    message,
    documentation_url: 'https://docs.github.com/rest',
    status: String(status),
  };
  return Object.fromEntries(
    Object.entries(body).filter(([k]) => properties.includes(k)),
  );
}
