// @ts-check

/**
 * Pipeline runs carry who started them and their attempt. A re-run updates
 * its run's row (one row per run, not per attempt); `earlier_attempt_failed`
 * remembers that an attempt before the stored one failed, so that a re-run
 * that passes still counts as flaky.
 *
 * GitHub runs were stored one row per attempt (external id `<run id>-<attempt>`):
 * they are merged into one row per run with its latest attempt.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('delivery_pipeline_runs', table => {
    table.string('actor').nullable().comment('who started the run');
    table.integer('attempt').notNullable().defaultTo(1);
    table.integer('earlier_attempt_failed').notNullable().defaultTo(0);
  });
  await mergeGithubAttempts(knex);
  // the runs list (newest first, optionally per workflow), the summary and
  // the run of a deployment's commit
  await knex.raw(`CREATE INDEX delivery_pipeline_runs_time_idx
    ON delivery_pipeline_runs (repository, (COALESCE(started_at, updated_at)), id)`);
  await knex.raw(`CREATE INDEX delivery_pipeline_runs_workflow_idx
    ON delivery_pipeline_runs (repository, workflow, (COALESCE(started_at, updated_at)), id)`);
  await knex.raw(`CREATE INDEX delivery_pipeline_runs_sha_idx
    ON delivery_pipeline_runs (repository, sha)`);
};

const FAILED = ['failure', 'timed_out'];

/** @param {import('knex').Knex} knex */
async function mergeGithubAttempts(knex) {
  const rows = await knex('delivery_pipeline_runs')
    .select('id', 'external_id', 'conclusion')
    .where('source', 'github')
    .orderBy('id');
  /** @type {Map<string, Array<{ id: number, attempt: number, failed: boolean }>>} */
  const runs = new Map();
  for (const row of rows) {
    const match = /^(\d+)-(\d+)$/.exec(row.external_id);
    if (!match) continue;
    const attempts = runs.get(match[1]) ?? [];
    attempts.push({
      id: Number(row.id),
      attempt: Number(match[2]),
      failed: FAILED.includes(row.conclusion),
    });
    runs.set(match[1], attempts);
  }
  for (const [runId, attempts] of runs) {
    attempts.sort((a, b) => a.attempt - b.attempt);
    const latest = attempts[attempts.length - 1];
    const earlier = attempts.slice(0, -1);
    await knex('delivery_pipeline_runs')
      .whereIn(
        'id',
        earlier.map(a => a.id),
      )
      .delete();
    await knex('delivery_pipeline_runs')
      .where('id', latest.id)
      .update({
        external_id: runId,
        attempt: latest.attempt,
        earlier_attempt_failed: earlier.some(a => a.failed) ? 1 : 0,
      });
  }
}

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX delivery_pipeline_runs_sha_idx');
  await knex.raw('DROP INDEX delivery_pipeline_runs_workflow_idx');
  await knex.raw('DROP INDEX delivery_pipeline_runs_time_idx');
  await knex.schema.alterTable('delivery_pipeline_runs', table => {
    table.dropColumn('earlier_attempt_failed');
    table.dropColumn('attempt');
    table.dropColumn('actor');
  });
};
