import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { PgSearchEngine } from '@backstage/plugin-search-backend-module-pg';
import {
  LunrSearchEngine,
  MissingIndexError,
} from '@backstage/plugin-search-backend-node';
import { searchEngineRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';

/**
 * Lunr keeps one in-memory index per document type and builds it only once
 * its collator has delivered documents: TechDocs has none until a page of
 * docs has been built. Lunr then refuses a query for that type, which the
 * search router answers with a 500; a type with no documents yet has no
 * results, as on PostgreSQL.
 */
export class InMemorySearchEngine extends LunrSearchEngine {
  async query(...args: Parameters<LunrSearchEngine['query']>) {
    try {
      return await super.query(...args);
    } catch (error) {
      if (error instanceof MissingIndexError) {
        return { results: [], numberOfResults: 0 };
      }
      throw error;
    }
  }
}

/**
 * The search engine for the database in use: PostgreSQL's full-text search
 * in production, Lunr in memory on the embedded default's SQLite.
 */
export const searchModuleEngine = createBackendModule({
  pluginId: 'search',
  moduleId: 'launchpad-engine',
  register(reg) {
    reg.registerInit({
      deps: {
        registry: searchEngineRegistryExtensionPoint,
        database: coreServices.database,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ registry, database, config, logger }) {
        registry.setSearchEngine(
          (await PgSearchEngine.supported(database))
            ? await PgSearchEngine.fromConfig(config, { database, logger })
            : new InMemorySearchEngine({ logger }),
        );
      },
    });
  },
});
