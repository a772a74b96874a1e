import {
  createServiceFactory,
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  ReadTreeResponseFactory,
  urlReaderFactoriesServiceRef,
} from '@backstage/backend-defaults/urlReader';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  NotModifiedError,
} from '@backstage/errors';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { isInside, readLocalPublishSettings } from './lib/localRepositories';

/** More files than a repository's docs ever need: a larger tree is refused rather than copied. */
const MAX_TREE_FILES = 5000;

type TreeFile = { absolute: string; path: string; stat: fs.Stats };

/**
 * Reads `file:` URLs inside the local repository directory, so the catalog
 * reads a location of type "url" whose target is the catalogInfoUrl that
 * launchpad:publish outputs for a local repository, and TechDocs reads the
 * repository's docs. Every other URL is left to the other readers; outside
 * the directory, the UrlReader refuses to read.
 */
export class LocalRepositoryUrlReader implements UrlReaderService {
  readonly #baseDirectory: string;
  readonly #treeResponseFactory?: ReadTreeResponseFactory;

  constructor(options: {
    baseDirectory: string;
    treeResponseFactory?: ReadTreeResponseFactory;
  }) {
    this.#baseDirectory = options.baseDirectory;
    this.#treeResponseFactory = options.treeResponseFactory;
  }

  /**
   * True for a `file:` URL whose path lies inside the base directory; when the
   * file exists, its real path (symlinks followed) must lie inside the real
   * base directory too.
   */
  handles(url: URL): boolean {
    return this.#resolve(url) !== undefined;
  }

  async read(url: string): Promise<Buffer> {
    return (await this.readUrl(url)).buffer();
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const file = this.#resolve(new URL(url));
    if (!file) {
      throw new NotAllowedError(
        `Reading ${url} is not allowed: only files inside the local repository directory ${
          this.#baseDirectory
        } can be read`,
      );
    }
    if (!file.exists) {
      throw new NotFoundError(`could not read ${url}, no such file`);
    }
    let stat: fs.Stats;
    let data: Buffer;
    try {
      stat = await fs.promises.stat(file.path);
      if (!stat.isFile()) {
        throw new NotFoundError(`could not read ${url}, not a file`);
      }
      data = await fs.promises.readFile(file.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new NotFoundError(`could not read ${url}, no such file`);
      }
      throw e;
    }
    const etag = createHash('sha256').update(data).digest('hex');
    const lastModifiedAt = stat.mtime;
    if (options?.etag && options.etag === etag) {
      throw new NotModifiedError();
    }
    if (
      options?.lastModifiedAfter &&
      lastModifiedAt.getTime() <= options.lastModifiedAfter.getTime()
    ) {
      throw new NotModifiedError();
    }
    return {
      buffer: async () => data,
      stream: () => Readable.from(data),
      etag,
      lastModifiedAt,
    };
  }

  /**
   * The files of a directory inside a local repository, without its `.git`
   * directory and without symlinks (which could lead out of it).
   */
  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const dir = this.#resolve(new URL(url));
    if (!dir || !this.#treeResponseFactory) {
      throw new NotAllowedError(
        `Reading ${url} is not allowed: only directories inside the local repository directory ${
          this.#baseDirectory
        } can be read`,
      );
    }
    const stat = dir.exists ? await fs.promises.stat(dir.path) : undefined;
    if (!stat?.isDirectory()) {
      throw new NotFoundError(`could not read ${url}, no such directory`);
    }
    const files = (await listTree(dir.path)).filter(
      file =>
        !options?.filter || options.filter(file.path, { size: file.stat.size }),
    );
    const etag = createHash('sha256')
      .update(
        files
          .map(f => `${f.path}\0${f.stat.size}\0${f.stat.mtimeMs}`)
          .join('\n'),
      )
      .digest('hex');
    if (options?.etag === etag) {
      throw new NotModifiedError();
    }
    const response = await this.#treeResponseFactory.fromReadableArray(
      files.map(file => ({
        // read when the tree is consumed, not now
        data: Readable.from(
          (async function* content() {
            yield await fs.promises.readFile(file.absolute);
          })(),
        ),
        path: file.path,
        lastModifiedAt: file.stat.mtime,
      })),
    );
    return Object.assign(response, { etag });
  }

  /** A single file, like the fetch reader: no glob patterns. */
  async search(
    url: string,
    options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    if (/[*?]/.test(new URL(url).pathname)) {
      throw new InputError(
        `Search patterns are not supported for local repositories (${url}); name a single file`,
      );
    }
    try {
      const response = await this.readUrl(url, { etag: options?.etag });
      return {
        files: [
          {
            url,
            content: response.buffer,
            lastModifiedAt: response.lastModifiedAt,
          },
        ],
        etag: response.etag ?? '',
      };
    } catch (e) {
      if ((e as Error).name === 'NotFoundError') {
        return { files: [], etag: '' };
      }
      throw e;
    }
  }

  toString() {
    return `launchpad-local{baseDirectory=${this.#baseDirectory}}`;
  }

  #resolve(url: URL): { path: string; exists: boolean } | undefined {
    if (
      url.protocol !== 'file:' ||
      (url.host !== '' && url.host !== 'localhost')
    ) {
      return undefined;
    }
    let target: string;
    try {
      target = fileURLToPath(url);
    } catch {
      return undefined;
    }
    if (!isInside(this.#baseDirectory, target)) {
      return undefined;
    }
    let real: string;
    try {
      real = fs.realpathSync(target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        // Inside the directory but absent: reading reports "not found".
        return { path: target, exists: false };
      }
      return undefined;
    }
    let realBase: string;
    try {
      realBase = fs.realpathSync(this.#baseDirectory);
    } catch {
      return undefined;
    }
    return isInside(realBase, real) ? { path: real, exists: true } : undefined;
  }
}

async function listTree(root: string, dir = ''): Promise<TreeFile[]> {
  const files: TreeFile[] = [];
  const entries = await fs.promises.readdir(path.join(root, dir), {
    withFileTypes: true,
  });
  for (const entry of entries) {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== '.git') {
      files.push(...(await listTree(root, relative)));
    } else if (entry.isFile()) {
      const absolute = path.join(root, relative);
      files.push({
        absolute,
        path: relative,
        stat: await fs.promises.stat(absolute),
      });
    }
    if (files.length > MAX_TREE_FILES) {
      throw new InputError(
        `${root} holds more than ${MAX_TREE_FILES} files; a local repository's tree is read only up to that size`,
      );
    }
  }
  return files;
}

/**
 * Adds {@link LocalRepositoryUrlReader} to the UrlReader of every plugin when
 * launchpad.publish.local.enabled is true; otherwise it adds nothing, and
 * `file:` URLs stay unreadable.
 */
export const localRepositoryUrlReader = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return ({ config, logger, treeResponseFactory }) => {
      const settings = readLocalPublishSettings(config);
      if (!settings.enabled) {
        return [];
      }
      const reader = new LocalRepositoryUrlReader({
        baseDirectory: settings.baseDirectory,
        treeResponseFactory,
      });
      logger.info(
        `UrlReader reads file: URLs inside the local repository directory ${settings.baseDirectory}`,
      );
      return [{ reader, predicate: (url: URL) => reader.handles(url) }];
    };
  },
});
