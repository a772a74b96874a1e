// @ts-check

/**
 * A deployment's key is its source and external id; an incident names its
 * deployment by the external id alone. With the key's index ordered external
 * id first, that one index serves both, and each deployment written has one
 * index entry fewer to maintain than with a second index on the external id.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('delivery_deployments', table => {
    table.unique(['external_id', 'source'], {
      indexName: 'delivery_deployments_key_idx',
    });
  });
  await knex.schema.alterTable('delivery_deployments', table => {
    table.dropUnique(
      ['source', 'external_id'],
      'delivery_deployments_natural_key',
    );
    table.dropIndex(['external_id'], 'delivery_deployments_external_id_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('delivery_deployments', table => {
    table.unique(['source', 'external_id'], {
      indexName: 'delivery_deployments_natural_key',
    });
    table.index(['external_id'], 'delivery_deployments_external_id_idx');
  });
  await knex.schema.alterTable('delivery_deployments', table => {
    table.dropUnique(['external_id', 'source'], 'delivery_deployments_key_idx');
  });
};
