// @ts-check

/**
 * Entities are resolved through the catalog on every request; nothing reads
 * the entity-to-repository table any more.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.dropTable('delivery_entity_repositories');
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.createTable('delivery_entity_repositories', table => {
    table.comment(
      'Catalog entities mapped to the repositories they are built from',
    );
    table.string('entity_ref').primary().notNullable();
    table.string('repository').notNullable().comment('owner/repo, lower case');
    table.string('path').nullable().comment('monorepo path filter');
    table.text('workflows').nullable().comment('JSON array of workflow names');
    table.text('production_environments').nullable().comment('JSON array');
    table.bigInteger('updated_at').notNullable();
    table.index(['repository'], 'delivery_entity_repositories_repository_idx');
  });
};
