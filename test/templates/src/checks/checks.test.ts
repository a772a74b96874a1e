import { dashboardTypeErrors } from './dashboard';
import {
  formatProblems,
  moduleProblems,
  parseModule,
  textProblems,
} from './terraform';
import { actionlint, parseWorkflow, workflowProblems } from './workflows';

// The checks the contract tests apply to generated repositories must be able
// to fail: each is shown a known-bad input here.

describe('workflow checks', () => {
  const bad = `
on: push
permissions:
  contents: write
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502
        with:
          aws-access-key-id: \${{ secrets.KEY }}
          aws-region: eu-west-1
      - run: echo \${{ github.nope }}
`;

  it('actionlint reports an unknown context property', async () => {
    expect((await actionlint(bad)).join('\n')).toMatch(
      /property "nope" is not defined/,
    );
  });

  it('flags workflow-wide permissions, unpinned actions, static keys and unguarded deploys', () => {
    expect(workflowProblems(parseWorkflow(bad))).toEqual([
      'the workflow grants permissions to every job; grant them per job',
      'job deploy declares no permissions',
      'job deploy uses actions/checkout@v4, not pinned to a commit sha',
      'job deploy configures AWS credentials without role-to-assume',
      'job deploy uses static AWS keys',
      'job deploy assumes an AWS role without id-token: write',
      'deploy job deploy has no concurrency group',
      'deploy job deploy may cancel a deployment in progress',
    ]);
  });
});

describe('terraform checks', () => {
  it('flags a wildcard policy, an open OIDC trust, unvalidated variables and unlocked state', async () => {
    const module = await parseModule([
      {
        name: 'main.tf',
        text: `
terraform {
  backend "s3" {}
}
variable "name" {
  type = string
}
data "aws_iam_policy_document" "admin" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:*"]
    }
  }
}
`,
      },
    ]);
    expect(moduleProblems('bad', module)).toEqual([
      'bad: variable name has no validation block',
      'bad: variable name has no description',
      'bad: declares no outputs',
      'bad: S3 state without use_lockfile = true',
      'bad: policy admin allows a wildcard action on every resource',
      'bad: policy admin allows every action',
      'bad: trust does not require the sts.amazonaws.com audience',
      'bad: trust does not pin the token subject with StringEquals',
      'bad: trust trusts repo:*, not only this repository',
    ]);
  });

  it('flags account ids and credentials in the text', () => {
    expect(
      textProblems(
        'x.tf',
        'role = "arn:aws:iam::123456789012:role/x"\naccess_key = "AKIAABCDEFGHIJKLMNOP"',
      ),
    ).toEqual([
      'x.tf contains a hard-coded 12-digit AWS account id',
      'x.tf contains an AWS access key id',
      'x.tf contains static AWS credentials',
    ]);
  });
});

describe('terraform fmt check', () => {
  it('accepts canonical formatting', () => {
    const text = [
      'resource "a" "b" {',
      '  name               = "x"',
      '  assume_role_policy = data.x.json',
      '  tags = {',
      '    a = "1"',
      '  }',
      '}',
    ].join('\n');
    expect(formatProblems('ok.tf', text)).toEqual([]);
  });

  it('flags misaligned attributes, a padded multi-line value and a wrong indent', () => {
    const text = [
      'resource "a" "b" {',
      '  name = "x"',
      '  assume_role_policy = data.x.json',
      '  tags  = {',
      '   a = "1"',
      '  }',
      '}',
    ].join('\n');
    expect(formatProblems('bad.tf', text)).toEqual([
      'bad.tf:5: indented 3, terraform fmt indents 4',
      "bad.tf:2: '=' at column 8, terraform fmt puts it at 22",
      "bad.tf:4: spaces before '=' of a multi-line value are not aligned by terraform fmt",
    ]);
  });
});

describe('dashboard check', () => {
  it('flags a property @grafana/schema does not know and a missing required one', () => {
    const errors = dashboardTypeErrors(
      JSON.stringify({
        title: 'x',
        schemaVersion: 39,
        panels: [{ type: 'timeseries', colour: 'red' }],
      }),
    );
    expect(errors.join('\n')).toMatch(/'"colour"' does not exist/);
    expect(
      dashboardTypeErrors(JSON.stringify({ title: 'x' })).join('\n'),
    ).toMatch(/'schemaVersion' is missing/);
    expect(
      dashboardTypeErrors(JSON.stringify({ title: 'x', schemaVersion: 39 })),
    ).toEqual([]);
  });
});
