// @ts-check

/**
 * The metrics read only the window of each deployment stream (repository and
 * environment, in lower case, successful deployments) and, before it, the
 * latest deployment and the highest head: with these indexes each of those is
 * one backward index scan instead of a read of the stream's whole history.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(`CREATE INDEX delivery_deployments_stream_idx
    ON delivery_deployments (repository, LOWER(environment), status, finished_at, id)`);
  await knex.raw(`CREATE INDEX delivery_deployments_stream_head_idx
    ON delivery_deployments (repository, LOWER(environment), status, head_at)`);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX delivery_deployments_stream_head_idx');
  await knex.raw('DROP INDEX delivery_deployments_stream_idx');
};
