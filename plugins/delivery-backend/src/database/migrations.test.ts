import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
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

const SCOPE_INDEX = 'delivery_deployments_scope_idx';
const NEWEST_INDEX = 'delivery_deployments_newest_idx';
const KEY_INDEX = 'delivery_deployments_key_idx';
const EXTERNAL_ID_INDEX = 'delivery_deployments_external_id_idx';

/** A deployment row as the migrations' tables take it, with `fields` changed. */
const deploymentRow = (fields: Record<string, unknown> = {}) => ({
  source: 's',
  external_id: 'e',
  repository: 'a/b',
  environment: 'production',
  sha: 'abcdef1',
  status: 'success',
  status_history: '[]',
  updated_at: 1,
  ...fields,
});

async function deploymentIndexes(knex: Knex): Promise<string[]> {
  const rows: Array<{ name: string }> =
    knex.client.config.client === 'pg'
      ? (
          await knex.raw(
            `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'delivery_deployments'`,
          )
        ).rows
      : await knex.raw(
          `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'delivery_deployments'`,
        );
  return rows.map(r => r.name);
}

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
      expect(await deploymentIndexes(knex)).not.toContain(SCOPE_INDEX);
      expect(
        await knex.schema.hasTable('delivery_github_webhook_deliveries'),
      ).toBe(true);
      expect(await deploymentIndexes(knex)).toContain(KEY_INDEX);
      expect(await deploymentIndexes(knex)).not.toContain(EXTERNAL_ID_INDEX);
      expect(await deploymentIndexes(knex)).not.toContain(NEWEST_INDEX);
      expect(await knex.schema.hasTable('delivery_shared_figures')).toBe(true);
      // one step down removes only the shared figures
      await knex.migrate.down({ directory: migrationsDir });
      expect(await knex.schema.hasTable('delivery_shared_figures')).toBe(false);
      expect(await deploymentIndexes(knex)).not.toContain(NEWEST_INDEX);
      // the next puts back the index of the newest deployment updates
      await knex.migrate.down({ directory: migrationsDir });
      expect(await deploymentIndexes(knex)).toContain(NEWEST_INDEX);
      expect(
        await knex.schema.hasColumn(
          'delivery_metrics_revisions',
          'deployments_updated_at',
        ),
      ).toBe(false);
      // the next puts back the key's old order and the external id's index
      await knex.migrate.down({ directory: migrationsDir });
      expect(await deploymentIndexes(knex)).not.toContain(KEY_INDEX);
      expect(await deploymentIndexes(knex)).toContain(EXTERNAL_ID_INDEX);
      expect(await deploymentIndexes(knex)).toContain(NEWEST_INDEX);
      // and the next removes only the index of the newest deployment updates
      await knex.migrate.down({ directory: migrationsDir });
      expect(await deploymentIndexes(knex)).not.toContain(NEWEST_INDEX);
      expect(
        await knex.schema.hasTable('delivery_github_webhook_deliveries'),
      ).toBe(true);
      // the next removes only the webhook deliveries received
      await knex.migrate.down({ directory: migrationsDir });
      expect(
        await knex.schema.hasTable('delivery_github_webhook_deliveries'),
      ).toBe(false);
      expect(await deploymentIndexes(knex)).not.toContain(SCOPE_INDEX);
      // the next recreates only the deployments' index on the environment as written
      await knex.migrate.down({ directory: migrationsDir });
      expect(await deploymentIndexes(knex)).toContain(SCOPE_INDEX);
      expect(await knex.schema.hasTable('delivery_sync_cursors')).toBe(true);
      // the next removes only the GitHub sync's cursors and budgets
      await knex.migrate.down({ directory: migrationsDir });
      expect(await knex.schema.hasTable('delivery_sync_cursors')).toBe(false);
      expect(await knex.schema.hasTable('delivery_sync_rate_limits')).toBe(
        false,
      );
      expect(await knex.schema.hasTable('delivery_deployments')).toBe(true);
      // the next removes only the pipeline runs' actors and attempts
      await knex.migrate.down({ directory: migrationsDir });
      expect(
        await knex.schema.hasColumn('delivery_pipeline_runs', 'attempt'),
      ).toBe(false);
      // the next only the metrics revisions
      await knex.migrate.down({ directory: migrationsDir });
      expect(await knex.schema.hasTable('delivery_metrics_revisions')).toBe(
        false,
      );
      expect(await knex.schema.hasTable('delivery_deployments')).toBe(true);
      // the next only the deployment stream indexes
      await knex.migrate.down({ directory: migrationsDir });
      expect(await knex.schema.hasTable('delivery_entity_repositories')).toBe(
        false,
      );
      // the next recreates the entity-to-repository table
      await knex.migrate.down({ directory: migrationsDir });
      expect(await knex.schema.hasTable('delivery_entity_repositories')).toBe(
        true,
      );
      // the next removes only the deployments' heads
      await knex.migrate.down({ directory: migrationsDir });
      expect(
        await knex.schema.hasColumn('delivery_deployments', 'head_at'),
      ).toBe(false);
      expect(
        await knex.schema.hasColumn('delivery_commits', 'push_head_sha'),
      ).toBe(true);
      // then the pushes' heads
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
      const deployment = deploymentRow();
      await knex('delivery_deployments').insert(deployment);
      await expect(
        knex('delivery_deployments').insert(deployment),
      ).rejects.toThrow();
      await knex('delivery_deployments').insert({ ...deployment, source: 't' });
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    "the deployments' heads are backfilled and removed again, %p",
    async databaseId => {
      const knex = await databases.init(databaseId);
      const name = '20261126_deployment_heads.js';
      await knex.migrate.latest({ directory: migrationsDir });
      await knex.migrate.down({ directory: migrationsDir, name });
      expect(
        await knex.schema.hasColumn('delivery_deployments', 'head_at'),
      ).toBe(false);
      const change = (key: string, sha: string, landed: number) => ({
        repository: 'a/b',
        change_key: key,
        head_sha: sha,
        landed_at: landed,
      });
      await knex('delivery_changes').insert([
        change('pr:1', 'aaa', 100),
        change('pr:2', 'aaa', 300),
        change('pr:3', 'bbb', 200),
      ]);
      const deployment = (id: string, sha: string) =>
        deploymentRow({ external_id: id, sha });
      await knex('delivery_deployments').insert([
        deployment('d1', 'aaa'),
        deployment('d2', 'bbb'),
        deployment('d3', 'ccc'),
      ]);
      await knex.migrate.up({ directory: migrationsDir, name });
      const heads = await knex('delivery_deployments')
        .select('external_id', 'head_at')
        .orderBy('external_id');
      expect(
        heads.map(h => [
          h.external_id,
          h.head_at === null ? null : Number(h.head_at),
        ]),
      ).toEqual([
        ['d1', 300],
        ['d2', 200],
        ['d3', null],
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    "the newest update of each repository's deployments is backfilled on its revision, %p",
    async databaseId => {
      const knex = await databases.init(databaseId);
      const name = '20261210_deployments_updated_at_revision.js';
      await knex.migrate.latest({ directory: migrationsDir });
      await knex.migrate.down({ directory: migrationsDir, name });
      const deployment = (id: string, repository: string, at: number) =>
        deploymentRow({ external_id: id, repository, updated_at: at });
      await knex('delivery_deployments').insert([
        deployment('d1', 'a/b', 100),
        deployment('d2', 'a/b', 300),
        deployment('d3', 'a/c', 200),
      ]);
      await knex('delivery_metrics_revisions').insert([
        { revision_key: 'a/b', revision: 7 },
        { revision_key: 'a/d', revision: 2 },
      ]);
      await knex.migrate.up({ directory: migrationsDir, name });
      const rows = await knex('delivery_metrics_revisions')
        .select('revision_key', 'revision', 'deployments_updated_at')
        .orderBy('revision_key');
      expect(
        rows.map(r => [
          r.revision_key,
          Number(r.revision),
          r.deployments_updated_at === null
            ? null
            : Number(r.deployments_updated_at),
        ]),
      ).toEqual([
        ['a/b', 7, 300],
        ['a/c', 1, 200],
        ['a/d', 2, null],
      ]);
      await knex.destroy();
    },
  );
});
