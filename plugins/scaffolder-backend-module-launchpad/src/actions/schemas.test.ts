import { ConfigReader } from '@backstage/config';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { validate } from 'jsonschema';
import yaml from 'yaml';
import { createEcrCreateAction } from './ecrCreate';
import { createGithubRepoConfigureAction } from './githubRepoConfigure';
import { createPublishLocalAction } from './publishLocal';

// The scaffolder validates step input against the JSON schema derived from
// each action's zod schema (jsonschema.validate in its workflow runner) before
// the handler runs. These tests check that every example passes that gate and
// that the main rules survive the conversion.
const config = new ConfigReader({});
const actions: TemplateAction<any, any>[] = [
  createPublishLocalAction({ config }),
  createEcrCreateAction({ config }),
  createGithubRepoConfigureAction({ config }),
];

const render = (input: unknown) =>
  JSON.parse(
    JSON.stringify(input)
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
    ['launchpad:publish:local', { repoName: '../escape' }, /repoName/],
    [
      'launchpad:aws:ecr:create',
      { repositoryName: 'Bad_Name' },
      /repositoryName/,
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
});
