// @ts-check

/**
 * Figures computed ahead by a backend replica, kept with the metrics revision
 * they were computed at: any replica, and the next process after a restart,
 * serves them while that revision is current instead of computing them
 * again. Rows of windows that have ended are deleted.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('delivery_shared_figures', table => {
    table.comment('Figures computed ahead, read by every backend replica');
    table
      .string('figures_key', 64)
      .primary()
      .comment('hash of what the figures were computed from');
    table
      .bigInteger('revision')
      .notNullable()
      .comment('sum of the metrics revisions of their repositories');
    table
      .bigInteger('window_end')
      .notNullable()
      .comment('end of the window the figures cover (epoch ms)');
    table.text('figures').notNullable().comment('JSON');
    table.index(['window_end'], 'delivery_shared_figures_window_end_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('delivery_shared_figures');
};
