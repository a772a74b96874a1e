// @ts-check

/**
 * GitHub webhook deliveries received, by their `X-GitHub-Delivery` id: a
 * redelivery of one already stored is acknowledged without storing it
 * again. Rows older than GitHub's redelivery window are deleted.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('delivery_github_webhook_deliveries', table => {
    table.string('delivery_id', 100).primary();
    table.string('event', 100).notNullable();
    table.bigInteger('received_at').notNullable().comment('ms');
    table.index(['received_at'], 'delivery_github_webhook_deliveries_age_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('delivery_github_webhook_deliveries');
};
