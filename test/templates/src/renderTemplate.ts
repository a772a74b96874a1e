import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleLaunchpad from '@internal/plugin-scaffolder-backend-module-launchpad';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';

/** templates/ of this repository: every top-level YAML file in it is a Template. */
export const TEMPLATES_DIR = resolvePackagePath(
  '@internal/template-contract-tests',
  '../../templates',
);

export type Rendered = {
  /** Directory the generated repository was written to. */
  dir: string;
  /** Paths of the generated files, relative to dir. */
  files: string[];
  /** The task output (links and text) as the scaffolder rendered it. */
  output: Record<string, unknown>;
  /** The task log lines. */
  log: string[];
};

export type Renderer = {
  render(templateFile: string, values: object): Promise<Rendered>;
  stop(): Promise<void>;
};

/** Every Template in templates/ (top-level *.yaml files). */
export async function discoverTemplates(): Promise<string[]> {
  const names = await fs.readdir(TEMPLATES_DIR);
  return names.filter(n => n.endsWith('.yaml')).sort();
}

async function listFiles(root: string, dir = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, dir), {
    withFileTypes: true,
  });
  const nested = await Promise.all(
    entries.map(e =>
      e.isDirectory()
        ? listFiles(root, path.join(dir, e.name))
        : [path.join(dir, e.name)],
    ),
  );
  return nested.flat();
}

/**
 * Starts a test backend with the real scaffolder and Launchpad's actions,
 * configured like the embedded default (local publishing, no AWS, no
 * GitHub) or like production (GitHub, with a token the dry run never uses),
 * and renders templates through its dry-run API: the same
 * templating, fetch:template and action input validation as a real run. A
 * template's directory contents are all of templates/, as for a template the
 * catalog reads from a file location there.
 */
export async function startRenderer(
  options: { publishTo: 'local' | 'github' } = { publishTo: 'local' },
): Promise<Renderer> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'template-contract-'));
  await fs.mkdir(path.join(work, 'scaffolder'));
  const backend = await startTestBackend({
    features: [
      scaffolderBackend,
      scaffolderModuleLaunchpad,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            workingDirectory: path.join(work, 'scaffolder'),
            // where the repositories' webhooks point
            baseUrl: 'https://launchpad.example.com',
          },
          launchpad: {
            publish: {
              target: options.publishTo,
              local: {
                enabled: options.publishTo === 'local',
                baseDirectory: path.join(work, 'repositories'),
              },
            },
          },
          integrations: {
            github: [{ host: 'github.com', token: 'unused-by-dry-runs' }],
          },
          // the secret that signs the repositories' webhooks
          events: {
            modules: { github: { webhookSecret: 'unused-by-dry-runs' } },
          },
          scaffolder: {
            defaultAuthor: {
              name: 'Launchpad',
              email: 'launchpad@example.com',
            },
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const directoryContents = await Promise.all(
    (
      await listFiles(TEMPLATES_DIR)
    ).map(async file => ({
      path: file,
      base64Content: (
        await fs.readFile(path.join(TEMPLATES_DIR, file))
      ).toString('base64'),
    })),
  );

  return {
    async render(templateFile, values) {
      const template = yaml.parse(
        await fs.readFile(path.join(TEMPLATES_DIR, templateFile), 'utf8'),
      );
      const res = await fetch(
        `http://127.0.0.1:${port}/api/scaffolder/v2/dry-run`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: mockCredentials.user.header(),
          },
          body: JSON.stringify({ template, values, directoryContents }),
        },
      );
      const body = await res.json();
      if (res.status !== 200) {
        throw new Error(
          `dry run of ${templateFile} answered ${res.status}: ${JSON.stringify(
            body,
          )}`,
        );
      }
      const dir = path.join(work, 'out', path.basename(templateFile, '.yaml'));
      const files: string[] = [];
      for (const file of body.directoryContents as {
        path: string;
        base64Content: string;
        executable?: boolean;
      }[]) {
        const target = path.join(dir, file.path);
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.writeFile(target, Buffer.from(file.base64Content, 'base64'), {
          mode: file.executable ? 0o755 : 0o644,
        });
        files.push(file.path);
      }
      return {
        dir,
        files: files.sort(),
        output: body.output,
        log: (body.log as { body: { message: string } }[]).map(
          l => l.body.message,
        ),
      };
    },
    async stop() {
      await backend.stop();
      await fs.rm(work, { recursive: true, force: true });
    },
  };
}
