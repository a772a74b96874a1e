import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startBackend, waitForHttpOk } from './testing/runBackend';

// The embedded default keeps its SQLite files in a folder, so what a user
// creates survives a restart.
describe('app-config.yaml (embedded default)', () => {
  const port = 7117;
  const baseUrl = `http://localhost:${port}`;
  const token = randomBytes(24).toString('hex');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-embedded-'));
  const entityFile = path.join(dataDir, 'catalog-info.yaml');

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const start = () =>
    startBackend({
      configFiles: ['app-config.yaml'],
      extraConfig: `
backend:
  baseUrl: ${baseUrl}
  listen:
    port: ${port}
  database:
    connection:
      directory: ${path.join(dataDir, 'sqlite')}
  auth:
    externalAccess:
      - type: static
        options:
          token: ${token}
          subject: embedded-default-test
launchpad:
  publish:
    local:
      baseDirectory: ${dataDir}
`,
      env: { NODE_ENV: 'development' },
    });

  const api = (route: string, init: RequestInit = {}) =>
    fetch(`${baseUrl}/api/catalog${route}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
      },
    });

  // The catalog processes its locations asynchronously after start-up.
  async function waitForEntity(name: string, kind = 'component') {
    for (let attempt = 0; attempt < 60; attempt++) {
      const res = await api(`/entities/by-name/${kind}/default/${name}`);
      if (res.status === 200) return res.json();
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
    throw new Error(`${kind} ${name} never appeared in the catalog`);
  }

  it('serves the example organisation and keeps a registered component across a restart', async () => {
    fs.writeFileSync(
      entityFile,
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: survives-restart',
        'spec:',
        '  type: service',
        '  lifecycle: experimental',
        '  owner: group:default/platform',
      ].join('\n'),
    );

    const first = await start();
    try {
      await waitForHttpOk(
        `${baseUrl}/.backstage/health/v1/readiness`,
        first,
        150_000,
      );
      expect(await waitForEntity('payments-api')).toMatchObject({
        spec: { owner: 'group:default/payments', system: 'payments' },
      });
      for (const team of ['platform', 'payments', 'storefront']) {
        expect(await waitForEntity(team, 'group')).toMatchObject({
          spec: { parent: 'engineering' },
        });
      }

      const registered = await api('/locations', {
        method: 'POST',
        // A url location whose file: URL lies inside launchpad.publish.local.baseDirectory,
        // read by localRepositoryUrlReader: the catalog accepts no file locations.
        body: JSON.stringify({
          type: 'url',
          target: pathToFileURL(entityFile).href,
        }),
      });
      expect(registered.status).toBe(201);
      await waitForEntity('survives-restart');
    } finally {
      await first.stop();
    }
    expect(fs.readdirSync(path.join(dataDir, 'sqlite'))).toContain(
      'catalog.sqlite',
    );

    const second = await start();
    try {
      await waitForHttpOk(
        `${baseUrl}/.backstage/health/v1/readiness`,
        second,
        150_000,
      );
      const locations = await (await api('/locations')).json();
      expect(locations.map((l: any) => l.data)).toContainEqual(
        expect.objectContaining({
          type: 'url',
          target: pathToFileURL(entityFile).href,
        }),
      );
      expect(await waitForEntity('survives-restart')).toMatchObject({
        metadata: { name: 'survives-restart' },
      });
    } finally {
      await second.stop();
    }
  }, 300_000);
});
