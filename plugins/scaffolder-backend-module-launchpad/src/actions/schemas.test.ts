import { ConfigReader } from '@backstage/config';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { validate } from 'jsonschema';
import yaml from 'yaml';
import { z } from 'zod/v3';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createCatalogRegisterAction } from './catalogRegister';
import {
  createEcrCreateAction,
  inputSchema as ecrCreateInputSchema,
} from './ecrCreate';
import { createGithubRepoConfigureAction } from './githubRepoConfigure';
import { inputSchema as githubRepoConfigureInputSchema } from './githubRepoSettings/inputSchema';
import { createPublishAction } from './publish';
import { createPublishChangeAction } from './publishChange';

// The scaffolder validates step input against the JSON schema derived from
// each action's zod schema (jsonschema.validate in its workflow runner) before
// the handler runs. These tests check that every example passes that gate and
// that the main rules survive the conversion.
const config = new ConfigReader({});
const actions: TemplateAction<any, any>[] = [
  createPublishAction({ config }),
  createPublishChangeAction({ config }),
  createEcrCreateAction({ config }),
  createGithubRepoConfigureAction({ config }),
  createCatalogRegisterAction({ catalog: catalogServiceMock() }),
];

const render = (input: unknown) =>
  JSON.parse(
    JSON.stringify(input)
      .replace(/"\$\{\{ parameters\.repoLocation \}\}"/g, '{"target":"local"}')
      .replace(
        /\$\{\{ steps\.publish\.output\.catalogInfoUrl \}\}/g,
        'file:///data/repositories/svc/catalog-info.yaml',
      )
      .replace(
        /\$\{\{ parameters\.repoUrl \}\}/g,
        'github.com?owner=acme&repo=svc',
      )
      .replace(/\$\{\{ [^}]+ \}\}/g, 'rendered-value'),
  );

describe('action input schemas', () => {
  const cases = actions.flatMap(action =>
    (action.examples ?? []).flatMap(example =>
      yaml
        .parse(example.example)
        .steps.filter((s: any) => s.action === action.id)
        .map(
          (step: any) =>
            [action.id, example.description, action, step.input] as const,
        ),
    ),
  );

  it('covers every action', () => {
    expect(new Set(cases.map(c => c[0]))).toEqual(
      new Set(actions.map(a => a.id)),
    );
  });

  it.each(cases)('%s accepts its example: %s', (_id, _d, action, input) => {
    const result = validate(render(input), action.schema!.input!);
    expect(result.errors.map(String)).toEqual([]);
  });

  it.each([
    [
      'launchpad:publish',
      {
        repoName: '../escape',
        description: 'd',
        location: { target: 'local' },
      },
      /repoName/,
    ],
    [
      'launchpad:publish',
      { repoName: 'svc', description: 'd', location: { target: 'gitlab' } },
      /location/,
    ],
    [
      'launchpad:publish:change',
      { repoName: 'svc', location: { target: 'local' }, title: 't' },
      /branchName/,
    ],
    [
      'launchpad:aws:ecr:create',
      { repositoryName: 'Bad_Name' },
      /repositoryName/,
    ],
    [
      'launchpad:aws:ecr:create',
      { repositoryName: 'a'.repeat(257) },
      /repositoryName/,
    ],
    ['launchpad:aws:ecr:create', { repositoryName: 'a' }, /repositoryName/],
    [
      'launchpad:aws:ecr:create',
      { repositoryName: 'svc', repositoryPolicy: [1, 2] },
      /repositoryPolicy/,
    ],
    [
      'launchpad:aws:ecr:create',
      { repositoryName: 'svc', extra: 1 },
      /additional/,
    ],
    [
      'launchpad:github:repo:configure',
      { repoUrl: 'github.com?owner=a&repo=b', topics: ['UPPER'] },
      /topics/,
    ],
  ])('%s schema rejects %j', (id, input, message) => {
    const action = actions.find(a => a.id === id)!;
    const result = validate(input, action.schema!.input!);
    expect(result.valid).toBe(false);
    expect(result.errors.map(String).join(', ')).toMatch(message);
  });

  // Rules the JSON schema cannot carry (refinements) live in the zod schemas,
  // which every handler applies first, in dry run too.
  const GITHUB = 'launchpad:github:repo:configure';
  const ECR = 'launchpad:aws:ecr:create';
  const zodSchemas = {
    [GITHUB]: githubRepoConfigureInputSchema,
    [ECR]: ecrCreateInputSchema,
  };
  it.each([
    [GITHUB, { repoUrl: 'github.com?owner=../..&repo=svc' }, ['repoUrl']],
    [GITHUB, { repoUrl: 'github.com?owner=acme&repo=bad name' }, ['repoUrl']],
    [
      GITHUB,
      { repoUrl: `github.com?owner=acme&repo=${'a'.repeat(101)}` },
      ['repoUrl'],
    ],
    [
      GITHUB,
      {
        repoUrl: 'github.com?owner=acme&repo=svc',
        environments: [{ name: 'prod', deploymentBranches: ['a..b'] }],
      },
      ['environments', 0, 'deploymentBranches', 0],
    ],
    [
      GITHUB,
      {
        repoUrl: 'github.com?owner=acme&repo=svc',
        variables: { GITHUB_SHA_X: 'v' },
      },
      ['variables', 'GITHUB_SHA_X'],
    ],
    [
      ECR,
      { repositoryName: 'svc', tags: { 'aws:owner': 'x' } },
      ['tags', 'aws:owner'],
    ],
    [
      ECR,
      {
        repositoryName: 'svc',
        tags: Object.fromEntries(
          Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']),
        ),
      },
      ['tags'],
    ],
    [
      ECR,
      { repositoryName: 'svc', repositoryPolicy: '[1,2]' },
      ['repositoryPolicy'],
    ],
    [
      ECR,
      { repositoryName: 'svc', lifecyclePolicy: { raw: { rules: [] } } },
      ['lifecyclePolicy', 'raw'],
    ],
  ] as const)('%s zod schema refuses %j', (id, input, path) => {
    const result = zodSchemas[id](z).safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map(i => i.path)).toContainEqual(path);
  });
});
