// @ts-check

/**
 * The push that brought a commit to the default branch, by its head sha. A
 * rebase-merged pull request's push ends at the pull request's merge commit,
 * so the store can give the pushed commits to the pull request's change
 * whichever of the push and the pull request arrives first.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('delivery_commits', table => {
    table
      .string('push_head_sha', 64)
      .nullable()
      .comment('head sha of the push that brought the commit');
    table.index(['repository', 'push_head_sha'], 'delivery_commits_push_idx');
  });
  await knex.schema.alterTable('delivery_pull_requests', table => {
    table.index(
      ['repository', 'merge_commit_sha'],
      'delivery_pull_requests_merge_commit_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('delivery_pull_requests', table => {
    table.dropIndex([], 'delivery_pull_requests_merge_commit_idx');
  });
  await knex.schema.alterTable('delivery_commits', table => {
    table.dropIndex([], 'delivery_commits_push_idx');
    table.dropColumn('push_head_sha');
  });
};
