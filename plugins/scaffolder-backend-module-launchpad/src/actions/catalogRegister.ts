import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z } from 'zod/v3';
import { parseActionInput } from '../lib/validation';
import { examples } from './catalogRegister.examples';

export const CATALOG_REGISTER_ACTION_ID = 'launchpad:catalog:register';

const inputSchema = (zImpl: typeof z) =>
  zImpl.object({
    catalogInfoUrl: zImpl
      .string({
        description:
          "URL of the repository's catalog-info.yaml: launchpad:publish's catalogInfoUrl output",
      })
      .url()
      .refine(url => /^(https?|file):/.test(url), {
        message: 'must be an https URL or the file: URL of a local repository',
      }),
  });

const outputSchema = {
  entityRef: (zImpl: typeof z) =>
    zImpl.string({
      description:
        'The registered component, e.g. component:default/orders-api',
    }),
};

/**
 * Registers a repository's catalog-info.yaml, like the built-in
 * catalog:register, but idempotently (a location an earlier run registered is
 * kept, so a re-run task does not fail on it) and naming the entity in the log
 * instead of the URL: a local repository's file: URL would show as a link the
 * browser refuses to open.
 */
export function createCatalogRegisterAction(options: {
  catalog: CatalogService;
}) {
  const { catalog } = options;
  return createTemplateAction({
    id: CATALOG_REGISTER_ACTION_ID,
    description:
      'Registers the catalog-info.yaml of a published repository in the catalog and outputs the entity it describes. Running it again keeps the registration an earlier run made.',
    examples,
    supportsDryRun: true,
    schema: { input: inputSchema, output: outputSchema },
    async handler(ctx) {
      const { catalogInfoUrl: target } = parseActionInput(
        inputSchema(z),
        ctx.input,
      );
      if (ctx.isDryRun) {
        ctx.logger.info(
          'Dry run: would register the repository in the catalog. Nothing was registered.',
        );
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();

      const registered = await catalog.getLocationByRef(`url:${target}`, {
        credentials,
      });
      if (!registered) {
        await catalog
          .addLocation({ type: 'url', target }, { credentials })
          .catch(error => {
            // Another run registered it in between: the same outcome.
            if (error?.name !== 'ConflictError') {
              throw error;
            }
          });
      }
      const { entities } = await catalog.addLocation(
        { type: 'url', target, dryRun: true },
        { credentials },
      );
      const entity = entities.find(e => e.kind === 'Component') ?? entities[0];
      if (!entity) {
        throw new InputError(
          "The repository's catalog-info.yaml describes no entity; nothing to show in the catalog.",
        );
      }
      const entityRef = stringifyEntityRef(entity);
      ctx.logger.info(
        registered
          ? `${entityRef} was already registered by an earlier run; the catalog keeps it up to date`
          : `Registered ${entityRef} in the catalog`,
      );
      ctx.output('entityRef', entityRef);
    },
  });
}
