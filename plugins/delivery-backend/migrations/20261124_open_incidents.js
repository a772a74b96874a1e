// @ts-check

/**
 * Unresolved incidents of an entity or repository, however old
 * (`GET /incidents?state=open`): `resolved_at IS NULL` is an equality on the
 * second column on both SQLite and PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('delivery_incidents', table => {
    table.index(
      ['entity_ref', 'resolved_at', 'started_at'],
      'delivery_incidents_entity_state_idx',
    );
    table.index(
      ['repository', 'resolved_at', 'started_at'],
      'delivery_incidents_repository_state_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('delivery_incidents', table => {
    table.dropIndex([], 'delivery_incidents_repository_state_idx');
    table.dropIndex([], 'delivery_incidents_entity_state_idx');
  });
};
