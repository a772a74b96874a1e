import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@internal/plugin-delivery-backend',
  'migrations',
);

const TABLES = [
  'delivery_deployments',
  'delivery_pull_requests',
  'delivery_commits',
  'delivery_changes',
  'delivery_pipeline_runs',
  'delivery_incidents',
  'delivery_change_paths',
];

describe('migrations', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'go up, down and up again, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
      await knex.migrate.rollback({ directory: migrationsDir }, true);
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await knex.schema.hasColumn('delivery_commits', 'paths')).toBe(
        true,
      );
      expect(
        await knex.schema.hasColumn('delivery_commits', 'push_head_sha'),
      ).toBe(true);
      expect(await knex.schema.hasTable('delivery_entity_repositories')).toBe(
        false,
      );
      // one step down recreates the entity-to-repository table
      await knex.migrate.down({ directory: migrationsDir });
      expect(await knex.schema.hasTable('delivery_entity_repositories')).toBe(
        true,
      );
      // the next removes only the pushes' heads
      await knex.migrate.down({ directory: migrationsDir });
      expect(
        await knex.schema.hasColumn('delivery_commits', 'push_head_sha'),
      ).toBe(false);
      expect(await knex.schema.hasColumn('delivery_commits', 'paths')).toBe(
        true,
      );
      // then the open incident indexes
      await knex.migrate.down({ directory: migrationsDir });
      expect(await knex.schema.hasTable('delivery_change_paths')).toBe(true);
      // and the next one only the change paths
      await knex.migrate.down({ directory: migrationsDir });
      expect(await knex.schema.hasTable('delivery_change_paths')).toBe(false);
      expect(await knex.schema.hasColumn('delivery_commits', 'paths')).toBe(
        false,
      );
      expect(await knex.schema.hasTable('delivery_deployments')).toBe(true);
      await knex.migrate.latest({ directory: migrationsDir });
      // the natural key (source, external_id) is unique
      const deployment = {
        source: 's',
        external_id: 'e',
        repository: 'a/b',
        environment: 'production',
        sha: 'abcdef1',
        status: 'success',
        status_history: '[]',
        updated_at: 1,
      };
      await knex('delivery_deployments').insert(deployment);
      await expect(
        knex('delivery_deployments').insert(deployment),
      ).rejects.toThrow();
      await knex.destroy();
    },
  );
});
