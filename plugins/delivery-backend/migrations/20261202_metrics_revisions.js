// @ts-check

/**
 * A revision per repository (and one for all incidents), raised by every
 * write that can change metrics in the same transaction: cached figures are
 * reused only while the revisions of their scopes are unchanged, so several
 * backend replicas never serve figures older than the database.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('delivery_metrics_revisions', table => {
    table.comment(
      'Raised by writes that can change metrics; cached figures check them',
    );
    table
      .string('revision_key')
      .primary()
      .notNullable()
      .comment('a repository (owner/repo, lower case) or * for incidents');
    table.bigInteger('revision').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('delivery_metrics_revisions');
};
