// @ts-check

/**
 * The landing time of the change at each deployment's sha (`head_at`: the
 * latest `landed_at` of the repository's changes with that head sha), kept
 * by the stores when either a deployment or a change is stored, so that the
 * metrics need not look it up for every deployment of the history.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('delivery_deployments', table => {
    table
      .bigInteger('head_at')
      .nullable()
      .comment('latest landed_at of the changes whose head sha is this sha');
  });
  await knex.raw(`UPDATE delivery_deployments SET head_at = (
    SELECT MAX(c.landed_at) FROM delivery_changes c
    WHERE c.repository = delivery_deployments.repository
      AND c.head_sha = delivery_deployments.sha)`);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('delivery_deployments', table => {
    table.dropColumn('head_at');
  });
};
