// @ts-check

/**
 * Files touched by changes, so that a monorepo entity
 * (`launchpad.dev/delivery-path`) counts only its own changes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('delivery_pull_requests', table => {
    table.text('paths').nullable().comment('JSON array of changed file paths');
  });
  await knex.schema.alterTable('delivery_commits', table => {
    table.text('paths').nullable().comment('JSON array of changed file paths');
  });
  await knex.schema.createTable('delivery_change_paths', table => {
    table.comment('Changed paths of each change; no row means unknown');
    table.bigInteger('change_id').notNullable();
    table.string('path', 1024).notNullable();
    table.primary(['change_id', 'path']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('delivery_change_paths');
  await knex.schema.alterTable('delivery_commits', table => {
    table.dropColumn('paths');
  });
  await knex.schema.alterTable('delivery_pull_requests', table => {
    table.dropColumn('paths');
  });
};
