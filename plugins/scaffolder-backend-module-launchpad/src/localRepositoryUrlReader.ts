import {
  createServiceFactory,
  UrlReaderService,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  NotModifiedError,
} from '@backstage/errors';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { isInside, readLocalPublishSettings } from './lib/localRepositories';

/**
 * Reads `file:` URLs inside the local repository directory, so the catalog
 * reads a location of type "url" whose target is the catalogInfoUrl that
 * launchpad:publish outputs for a local repository. Every other URL is left to
 * the other readers; outside the directory, the UrlReader refuses to read.
 */
export class LocalRepositoryUrlReader implements UrlReaderService {
  readonly #baseDirectory: string;

  constructor(options: { baseDirectory: string }) {
    this.#baseDirectory = options.baseDirectory;
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

  async readTree(url: string): Promise<UrlReaderServiceReadTreeResponse> {
    throw new NotAllowedError(
      `Reading trees is not supported for local repositories (${url}); only single files can be read`,
    );
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

/**
 * Adds {@link LocalRepositoryUrlReader} to the UrlReader of every plugin when
 * launchpad.publish.local.enabled is true; otherwise it adds nothing, and
 * `file:` URLs stay unreadable.
 */
export const localRepositoryUrlReader = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return ({ config, logger }) => {
      const settings = readLocalPublishSettings(config);
      if (!settings.enabled) {
        return [];
      }
      const reader = new LocalRepositoryUrlReader({
        baseDirectory: settings.baseDirectory,
      });
      logger.info(
        `UrlReader reads file: URLs inside the local repository directory ${settings.baseDirectory}`,
      );
      return [{ reader, predicate: (url: URL) => reader.handles(url) }];
    };
  },
});
