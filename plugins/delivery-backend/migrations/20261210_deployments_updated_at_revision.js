// @ts-check

/**
 * When a repository last had deployment events stored, which every metrics
 * read reports per service (data quality), is kept on the repository's
 * revision row, which every deployment write rewrites anyway, instead of read
 * from an index on `(repository, updated_at)`, which cost every deployment
 * written or updated one more index entry. Backfilled from the deployments'
 * newest update.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('delivery_metrics_revisions', table => {
    table
      .bigInteger('deployments_updated_at')
      .nullable()
      .comment(
        'when deployment events of the repository were last stored (epoch ms)',
      );
  });
  await knex.raw(`INSERT INTO delivery_metrics_revisions
      (revision_key, revision, deployments_updated_at)
    SELECT repository, 1, MAX(updated_at) FROM delivery_deployments
    WHERE true
    GROUP BY repository
    ON CONFLICT (revision_key)
    DO UPDATE SET deployments_updated_at = excluded.deployments_updated_at`);
  await knex.schema.alterTable('delivery_deployments', table => {
    table.dropIndex(
      ['repository', 'updated_at'],
      'delivery_deployments_newest_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('delivery_deployments', table => {
    table.index(
      ['repository', 'updated_at'],
      'delivery_deployments_newest_idx',
    );
  });
  await knex.schema.alterTable('delivery_metrics_revisions', table => {
    table.dropColumn('deployments_updated_at');
  });
};
