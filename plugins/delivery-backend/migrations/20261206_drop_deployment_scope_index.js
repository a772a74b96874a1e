// @ts-check

/**
 * Every statement reads deployments by their stream, with the environment in
 * lower case (`delivery_deployments_stream_idx` and `_stream_head_idx`), or
 * by key, sha or external id: no plan uses the index on the environment as
 * written any more, and each deployment written had to maintain it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw('DROP INDEX delivery_deployments_scope_idx');
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('delivery_deployments', table => {
    table.index(
      ['repository', 'environment', 'status', 'finished_at'],
      'delivery_deployments_scope_idx',
    );
  });
};
