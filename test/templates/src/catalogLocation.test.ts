import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import yaml from 'yaml';
import fs from 'node:fs';
import { discoverTemplates, TEMPLATES_DIR } from './renderTemplate';

jest.setTimeout(90_000);

/**
 * The portal's catalog location for templates, `templates/*.yaml` with only
 * Template entities allowed, read by the real catalog: every template there
 * becomes a valid Template entity, and nothing else under templates/ (the
 * layers' catalog-info.yaml) is picked up.
 */
it('the catalog location templates/*.yaml yields every template and nothing else', async () => {
  const config = yaml.parse(
    fs.readFileSync(path.join(TEMPLATES_DIR, '..', 'app-config.yaml'), 'utf8'),
  );
  const location = config.catalog.locations.find(
    (l: { target: string }) => l.target === '../../templates/*.yaml',
  );
  expect(location.rules).toEqual([{ allow: ['Template'] }]);

  const backend = await startTestBackend({
    features: [
      catalogBackend,
      catalogModuleScaffolderEntityModel,
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [{ allow: ['Component', 'System', 'Location'] }],
            locations: [
              {
                type: 'file',
                target: path.join(TEMPLATES_DIR, '*.yaml'),
                rules: location.rules,
              },
            ],
          },
        },
      }),
    ],
  });
  try {
    const { port } = backend.server.address() as AddressInfo;
    const expected = (await discoverTemplates()).map(f =>
      path.basename(f, '.yaml'),
    );
    const deadline = Date.now() + 60_000;
    let names: string[] = [];
    while (Date.now() < deadline) {
      const res = await fetch(
        `http://127.0.0.1:${port}/api/catalog/entities?filter=kind=template`,
        { headers: { authorization: mockCredentials.user.header() } },
      );
      names = ((await res.json()) as { metadata: { name: string } }[])
        .map(e => e.metadata.name)
        .sort();
      if (names.length >= expected.length) break;
      await new Promise(resolve => setTimeout(resolve, 500));
    }
    expect(names).toEqual(expected);
    const all = await fetch(`http://127.0.0.1:${port}/api/catalog/entities`, {
      headers: { authorization: mockCredentials.user.header() },
    });
    const kinds = ((await all.json()) as { kind: string }[]).map(e => e.kind);
    expect(kinds.filter(k => k !== 'Location' && k !== 'Template')).toEqual([]);
  } finally {
    await backend.stop();
  }
});
