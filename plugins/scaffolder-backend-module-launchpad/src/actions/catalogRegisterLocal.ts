import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod/v3';
import {
  assertLocalPublishEnabled,
  isInside,
  readLocalPublishSettings,
} from '../lib/localRepositories';
import { parseActionInput } from '../lib/validation';
import { examples } from './catalogRegisterLocal.examples';

export const CATALOG_REGISTER_LOCAL_ACTION_ID =
  'launchpad:catalog:register-local';

const inputSchema = (zImpl: typeof z) =>
  zImpl.object({
    catalogInfoUrl: zImpl
      .string({
        description:
          'file: URL of a catalog descriptor inside launchpad.publish.local.baseDirectory, as output by launchpad:publish:local',
      })
      .startsWith('file:', 'must be a file: URL'),
    optional: zImpl
      .boolean({
        description:
          'Permit the registered location to optionally exist. Default: false',
      })
      .optional(),
  });

/**
 * Registers a catalog descriptor of a locally published repository.
 *
 * The built-in catalog:register always registers a location of type "url",
 * and the catalog's URL reader only reads http(s) URLs, so a file on the
 * backend's disk needs a location of type "file". This action only accepts
 * files inside the local repository directory, never any other path.
 */
export function createCatalogRegisterLocalAction(options: {
  config: Config;
  catalog: CatalogService;
}) {
  const { config, catalog } = options;

  return createTemplateAction({
    id: CATALOG_REGISTER_LOCAL_ACTION_ID,
    description:
      'Registers the catalog descriptor of a repository created by launchpad:publish:local as a "file" location in the software catalog.',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputSchema,
      output: {
        entityRef: zImpl =>
          zImpl
            .string({ description: 'Reference of the main entity registered' })
            .optional(),
        catalogInfoUrl: zImpl =>
          zImpl.string({
            description: 'The registered descriptor, as a file: URL',
          }),
      },
    },
    async handler(ctx) {
      const input = parseActionInput(inputSchema(z), ctx.input);
      const settings = readLocalPublishSettings(config);
      assertLocalPublishEnabled(settings, CATALOG_REGISTER_LOCAL_ACTION_ID);

      let target: string;
      try {
        target = fileURLToPath(input.catalogInfoUrl);
      } catch {
        throw new InputError(
          'Invalid input: catalogInfoUrl: is not a valid file: URL',
        );
      }
      if (!isInside(settings.baseDirectory, target)) {
        throw new InputError(
          `Invalid input: catalogInfoUrl: must point inside ${settings.baseDirectory}`,
        );
      }
      if (fs.existsSync(target)) {
        // A symlink in a scaffolded repository must not lead the catalog elsewhere.
        const real = await fs.promises.realpath(target);
        const realBase = await fs.promises.realpath(settings.baseDirectory);
        if (!isInside(realBase, real)) {
          throw new InputError(
            `Invalid input: catalogInfoUrl: must point inside ${settings.baseDirectory}`,
          );
        }
      } else if (!input.optional) {
        throw new NotFoundError(`No catalog descriptor at ${target}`);
      }
      ctx.output('catalogInfoUrl', input.catalogInfoUrl);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would register the file location ${target} in the catalog`,
        );
        return;
      }

      const credentials = await ctx.getInitiatorCredentials();
      ctx.logger.info(`Registering the file location ${target} in the catalog`);
      await ctx.checkpoint({
        key: `launchpad.catalog.register-local.${target}`,
        fn: async () => {
          try {
            // 'refresh' makes a re-run idempotent: an existing location is refreshed, not a conflict.
            await catalog.addLocation(
              { type: 'file', target, onConflict: 'refresh' },
              { credentials },
            );
          } catch (e) {
            if (!input.optional) {
              throw e;
            }
            ctx.logger.warn(
              `Could not register ${target} (optional, continuing): ${
                (e as Error).message
              }`,
            );
          }
        },
      });

      try {
        const { entities } = await catalog.addLocation(
          { type: 'file', target, dryRun: true },
          { credentials },
        );
        const entity = pickMainEntity(entities);
        if (entity) {
          ctx.output('entityRef', stringifyEntityRef(entity));
        }
      } catch (e) {
        if (!input.optional) {
          throw e;
        }
      }
    },
  });
}

/** The same choice as catalog:register: a Component first, else the first non-generated entity. */
function pickMainEntity(entities: Entity[]): Entity | undefined {
  const named = entities.filter(e => !e.metadata.name.startsWith('generated-'));
  return named.find(e => e.kind === 'Component') ?? named[0] ?? entities[0];
}
