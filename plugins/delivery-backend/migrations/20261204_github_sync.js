// @ts-check

/**
 * GitHub sync: one cursor per repository and resource (deployments, workflow
 * runs, pull requests, incidents): the ETag of the first page, the watermark
 * below which everything is stored, how far the backfill has come, and the
 * last error; and the rate-limit budget GitHub reported last, per host.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('delivery_sync_cursors', table => {
    table.string('host').notNullable();
    table.string('repository').notNullable().comment('owner/repo, lower case');
    table.string('resource').notNullable();
    table.string('etag').nullable().comment('ETag of the first page');
    table
      .bigInteger('watermark')
      .nullable()
      .comment('ms; items sorted before it are stored as they are');
    table.bigInteger('backfill_since').nullable().comment('ms');
    table.integer('backfill_page').notNullable().defaultTo(1);
    table.integer('backfill_pages_total').nullable();
    table.boolean('backfill_complete').notNullable().defaultTo(false);
    table.bigInteger('last_synced_at').nullable().comment('ms');
    table.text('last_error').nullable();
    table.bigInteger('last_error_at').nullable().comment('ms');
    table.primary(['host', 'repository', 'resource']);
  });
  await knex.schema.createTable('delivery_sync_rate_limits', table => {
    table.string('host').primary();
    table.integer('remaining').notNullable();
    table.integer('limit').notNullable();
    table.bigInteger('reset_at').notNullable().comment('ms');
    table.bigInteger('updated_at').notNullable().comment('ms');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('delivery_sync_rate_limits');
  await knex.schema.dropTable('delivery_sync_cursors');
};
