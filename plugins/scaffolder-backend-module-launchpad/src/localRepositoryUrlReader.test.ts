import {
  coreServices,
  createBackendPlugin,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  LocalRepositoryUrlReader,
  localRepositoryUrlReader,
} from './localRepositoryUrlReader';

describe('LocalRepositoryUrlReader', () => {
  const mockDir = createMockDirectory();
  const baseDirectory = () => mockDir.resolve('repositories');
  const fileUrl = (...segments: string[]) =>
    pathToFileURL(mockDir.resolve(...segments)).href;
  const descriptor = 'kind: Component\nmetadata:\n  name: svc\n';

  beforeEach(() => {
    mockDir.setContent({
      repositories: {
        svc: { 'catalog-info.yaml': descriptor },
      },
      'repositories-other': { 'catalog-info.yaml': 'other' },
      outside: { 'secret.txt': 'top secret' },
    });
    fs.symlinkSync(
      mockDir.resolve('outside', 'secret.txt'),
      mockDir.resolve('repositories', 'svc', 'leak.yaml'),
    );
    fs.symlinkSync(
      mockDir.resolve('outside'),
      mockDir.resolve('repositories', 'svc', 'linked-dir'),
    );
    fs.symlinkSync(
      mockDir.resolve('repositories', 'svc', 'catalog-info.yaml'),
      mockDir.resolve('repositories', 'svc', 'alias.yaml'),
    );
  });

  const reader = () =>
    new LocalRepositoryUrlReader({ baseDirectory: baseDirectory() });

  describe('handles', () => {
    it('accepts files inside the directory, also through a symlink that stays inside', () => {
      expect(
        reader().handles(
          new URL(fileUrl('repositories', 'svc', 'catalog-info.yaml')),
        ),
      ).toBe(true);
      expect(
        reader().handles(new URL(fileUrl('repositories', 'svc', 'alias.yaml'))),
      ).toBe(true);
      expect(
        reader().handles(new URL(fileUrl('repositories', 'svc', 'missing'))),
      ).toBe(true);
    });

    it.each([
      [
        'a .. traversal',
        () => `${fileUrl('repositories')}/../outside/secret.txt`,
      ],
      [
        'an encoded .. traversal',
        () => `${fileUrl('repositories')}/%2e%2e/outside/secret.txt`,
      ],
      [
        'a symlink to a file outside',
        () => fileUrl('repositories', 'svc', 'leak.yaml'),
      ],
      [
        'a symlinked directory outside',
        () => fileUrl('repositories', 'svc', 'linked-dir', 'secret.txt'),
      ],
      [
        'another directory with the same prefix',
        () => fileUrl('repositories-other', 'catalog-info.yaml'),
      ],
      ['the directory itself', () => fileUrl('repositories')],
      ['an http URL', () => 'https://github.com/acme/svc/catalog-info.yaml'],
      [
        'a file URL with a remote host',
        () =>
          `file://example.com${
            new URL(fileUrl('repositories', 'svc', 'catalog-info.yaml'))
              .pathname
          }`,
      ],
    ])('refuses %s', async (_what, url) => {
      expect(reader().handles(new URL(url()))).toBe(false);
      await expect(reader().readUrl(url())).rejects.toMatchObject({
        name: 'NotAllowedError',
      });
    });
  });

  describe('readUrl', () => {
    it('reads the file with an etag and its modification time', async () => {
      const url = fileUrl('repositories', 'svc', 'catalog-info.yaml');
      const response = await reader().readUrl(url);
      expect((await response.buffer()).toString('utf8')).toBe(descriptor);
      expect(response.etag).toMatch(/^[0-9a-f]{64}$/);
      expect(response.lastModifiedAt).toEqual(
        fs.statSync(mockDir.resolve('repositories', 'svc', 'catalog-info.yaml'))
          .mtime,
      );
      const chunks: Buffer[] = [];
      for await (const chunk of response.stream!()) chunks.push(chunk);
      expect(Buffer.concat(chunks).toString('utf8')).toBe(descriptor);
      expect((await reader().read(url)).toString('utf8')).toBe(descriptor);
    });

    it('throws NotModifiedError for the same etag or an unchanged file, and reads again after a change', async () => {
      const url = fileUrl('repositories', 'svc', 'catalog-info.yaml');
      const { etag, lastModifiedAt } = await reader().readUrl(url);
      await expect(reader().readUrl(url, { etag })).rejects.toMatchObject({
        name: 'NotModifiedError',
      });
      await expect(
        reader().readUrl(url, { lastModifiedAfter: lastModifiedAt }),
      ).rejects.toMatchObject({ name: 'NotModifiedError' });

      fs.writeFileSync(
        mockDir.resolve('repositories', 'svc', 'catalog-info.yaml'),
        `${descriptor}# changed\n`,
      );
      const changed = await reader().readUrl(url, { etag });
      expect(changed.etag).not.toBe(etag);
    });

    it('throws NotFoundError for a missing file or a directory inside', async () => {
      await expect(
        reader().readUrl(fileUrl('repositories', 'svc', 'missing.yaml')),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(
        reader().readUrl(fileUrl('repositories', 'svc')),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    });
  });

  describe('search', () => {
    it('returns the single file, or nothing when it is missing', async () => {
      const url = fileUrl('repositories', 'svc', 'catalog-info.yaml');
      const found = await reader().search(url);
      expect(found.files.map(f => f.url)).toEqual([url]);
      expect((await found.files[0].content()).toString('utf8')).toBe(
        descriptor,
      );
      await expect(
        reader().search(url, { etag: found.etag }),
      ).rejects.toMatchObject({
        name: 'NotModifiedError',
      });
      expect(
        await reader().search(fileUrl('repositories', 'svc', 'missing.yaml')),
      ).toEqual({ files: [], etag: '' });
    });

    it('refuses glob patterns and files outside', async () => {
      await expect(
        reader().search(`${fileUrl('repositories')}/*/catalog-info.yaml`),
      ).rejects.toThrow(/Search patterns are not supported/);
      await expect(
        reader().search(fileUrl('outside', 'secret.txt')),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
    });
  });

  describe('localRepositoryUrlReader (the UrlReader service of a backend)', () => {
    const startWith = async (local: object) => {
      let urlReader: UrlReaderService | undefined;
      const backend = await startTestBackend({
        features: [
          localRepositoryUrlReader,
          mockServices.rootConfig.factory({
            data: { launchpad: { publish: { local } } },
          }),
          createBackendPlugin({
            pluginId: 'probe',
            register(reg) {
              reg.registerInit({
                deps: { reader: coreServices.urlReader },
                async init({ reader: r }) {
                  urlReader = r;
                },
              });
            },
          }),
        ],
      });
      return { backend, urlReader: urlReader! };
    };

    it('reads inside the directory when local publishing is enabled, and nothing else', async () => {
      const { backend, urlReader } = await startWith({
        enabled: true,
        baseDirectory: baseDirectory(),
      });
      try {
        const url = fileUrl('repositories', 'svc', 'catalog-info.yaml');
        const response = await urlReader.readUrl(url);
        expect((await response.buffer()).toString('utf8')).toBe(descriptor);
        await expect(
          urlReader.readUrl(fileUrl('outside', 'secret.txt')),
        ).rejects.toMatchObject({ name: 'NotAllowedError' });
        await expect(
          urlReader.readUrl(fileUrl('repositories', 'svc', 'leak.yaml')),
        ).rejects.toMatchObject({ name: 'NotAllowedError' });
      } finally {
        await backend.stop();
      }
    });

    it("reads a repository's tree without .git and symlinks, with an etag", async () => {
      mockDir.addContent({
        'repositories/svc/docs/index.md': '# svc',
        'repositories/svc/.git/config': '[core]',
      });
      const { backend, urlReader } = await startWith({
        enabled: true,
        baseDirectory: baseDirectory(),
      });
      try {
        const url = `${fileUrl('repositories', 'svc')}/`;
        const tree = await urlReader.readTree(url);
        const files = await tree.files();
        expect(files.map(f => f.path).sort()).toEqual([
          'catalog-info.yaml',
          'docs/index.md',
        ]);
        const target = mockDir.resolve('copy');
        await (await urlReader.readTree(url)).dir({ targetDir: target });
        expect(
          fs.readFileSync(path.join(target, 'docs/index.md'), 'utf8'),
        ).toBe('# svc');
        await expect(
          urlReader.readTree(url, { etag: tree.etag }),
        ).rejects.toMatchObject({ name: 'NotModifiedError' });
        const docsOnly = await urlReader.readTree(url, {
          filter: p => p.startsWith('docs/'),
        });
        expect((await docsOnly.files()).map(f => f.path)).toEqual([
          'docs/index.md',
        ]);

        await expect(
          urlReader.readTree(fileUrl('outside')),
        ).rejects.toMatchObject({ name: 'NotAllowedError' });
        await expect(
          urlReader.readTree(fileUrl('repositories', 'svc', 'linked-dir')),
        ).rejects.toMatchObject({ name: 'NotAllowedError' });
        await expect(
          urlReader.readTree(fileUrl('repositories', 'missing')),
        ).rejects.toMatchObject({ name: 'NotFoundError' });
      } finally {
        await backend.stop();
      }
    });

    it('registers no reader when local publishing is disabled', async () => {
      const { backend, urlReader } = await startWith({
        enabled: false,
        baseDirectory: baseDirectory(),
      });
      try {
        await expect(
          urlReader.readUrl(
            fileUrl('repositories', 'svc', 'catalog-info.yaml'),
          ),
        ).rejects.toMatchObject({ name: 'NotAllowedError' });
      } finally {
        await backend.stop();
      }
    });
  });

  it('keeps the real path of the directory when it is reached through a symlink', async () => {
    fs.symlinkSync(baseDirectory(), mockDir.resolve('via-link'));
    const linked = new LocalRepositoryUrlReader({
      baseDirectory: mockDir.resolve('via-link'),
    });
    const url = pathToFileURL(
      path.join(mockDir.resolve('via-link'), 'svc', 'catalog-info.yaml'),
    ).href;
    expect(linked.handles(new URL(url))).toBe(true);
    expect((await linked.read(url)).toString('utf8')).toBe(descriptor);
  });
});
