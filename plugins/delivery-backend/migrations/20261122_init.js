// @ts-check

/**
 * Delivery events. All times are epoch milliseconds (bigint) so that duration
 * arithmetic is identical on SQLite and PostgreSQL. Flags are 0/1 integers.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('delivery_entity_repositories', table => {
    table.comment(
      'Catalog entities mapped to the repositories they are built from',
    );
    table.string('entity_ref').primary().notNullable();
    table.string('repository').notNullable().comment('owner/repo, lower case');
    table.string('path').nullable().comment('monorepo path filter');
    table.text('workflows').nullable().comment('JSON array of workflow names');
    table.text('production_environments').nullable().comment('JSON array');
    table.bigInteger('updated_at').notNullable();
    table.index(['repository'], 'delivery_entity_repositories_repository_idx');
  });

  await knex.schema.createTable('delivery_deployments', table => {
    table.bigIncrements('id').primary();
    table.string('source').notNullable();
    table.string('external_id').notNullable();
    table.string('repository').notNullable();
    table
      .string('service')
      .nullable()
      .comment('entity ref when the CI names one');
    table.string('environment').notNullable();
    table.string('sha', 64).notNullable();
    table.string('ref').nullable();
    table.string('status').notNullable();
    table
      .text('status_history')
      .notNullable()
      .comment('JSON array of {status, at}');
    table.bigInteger('started_at').nullable();
    table.bigInteger('finished_at').nullable();
    table.string('workflow').nullable();
    table.integer('is_rollback').notNullable().defaultTo(0);
    table.integer('is_hotfix').notNullable().defaultTo(0);
    table.text('url').nullable();
    table.bigInteger('updated_at').notNullable();
    table.unique(['source', 'external_id'], {
      indexName: 'delivery_deployments_natural_key',
    });
    table.index(
      ['repository', 'environment', 'status', 'finished_at'],
      'delivery_deployments_scope_idx',
    );
    table.index(['repository', 'sha'], 'delivery_deployments_sha_idx');
    table.index(['external_id'], 'delivery_deployments_external_id_idx');
  });

  await knex.schema.createTable('delivery_pull_requests', table => {
    table.bigIncrements('id').primary();
    table.string('repository').notNullable();
    table.integer('number').notNullable();
    table.text('title').nullable();
    table.string('author').nullable();
    table.string('head_ref').nullable();
    table.bigInteger('created_at').nullable();
    table.bigInteger('first_commit_at').nullable();
    table.bigInteger('merged_at').nullable();
    table.string('merge_commit_sha', 64).nullable();
    table.string('merge_method').nullable().comment('merge, squash or rebase');
    table.text('labels').notNullable().comment('JSON array');
    table
      .string('fixes_incident')
      .nullable()
      .comment('external id of an incident the PR fixes');
    table.text('url').nullable();
    table.bigInteger('updated_at').notNullable();
    table.unique(['repository', 'number'], {
      indexName: 'delivery_pull_requests_natural_key',
    });
  });

  await knex.schema.createTable('delivery_commits', table => {
    table.bigIncrements('id').primary();
    table.string('repository').notNullable();
    table.string('sha', 64).notNullable();
    table.bigInteger('authored_at').notNullable();
    table.bigInteger('committed_at').nullable();
    table.integer('pull_request_number').nullable();
    table
      .bigInteger('pushed_at')
      .nullable()
      .comment('set when pushed directly to the default branch');
    table.string('author').nullable();
    table.text('message').nullable();
    table.bigInteger('updated_at').notNullable();
    table.unique(['repository', 'sha'], {
      indexName: 'delivery_commits_natural_key',
    });
    table.index(
      ['repository', 'pull_request_number'],
      'delivery_commits_pull_request_idx',
    );
  });

  // A change is a merged pull request or a commit pushed to the default branch
  // without one. Maintained from pull requests and commits at ingestion.
  await knex.schema.createTable('delivery_changes', table => {
    table.bigIncrements('id').primary();
    table.string('repository').notNullable();
    table
      .string('change_key')
      .notNullable()
      .comment('pr:<number> or commit:<sha>');
    table.integer('pull_request_number').nullable();
    table
      .string('head_sha', 64)
      .notNullable()
      .comment('the commit on the default branch');
    table.bigInteger('landed_at').notNullable().comment('merge or push time');
    table.bigInteger('first_commit_at').nullable();
    table.string('merge_method').nullable();
    table.integer('is_hotfix').notNullable().defaultTo(0);
    table.string('incident_ref').nullable();
    table.text('title').nullable();
    table.unique(['repository', 'change_key'], {
      indexName: 'delivery_changes_natural_key',
    });
    table.index(['repository', 'landed_at'], 'delivery_changes_landed_idx');
    table.index(['repository', 'head_sha'], 'delivery_changes_head_sha_idx');
  });

  await knex.schema.createTable('delivery_pipeline_runs', table => {
    table.bigIncrements('id').primary();
    table.string('source').notNullable();
    table.string('external_id').notNullable();
    table.string('repository').notNullable();
    table.string('workflow').notNullable();
    table.string('branch').nullable();
    table.string('sha', 64).nullable();
    table.string('status').notNullable();
    table.string('conclusion').nullable();
    table.bigInteger('started_at').nullable();
    table.bigInteger('finished_at').nullable();
    table.text('url').nullable();
    table.bigInteger('updated_at').notNullable();
    table.unique(['source', 'external_id'], {
      indexName: 'delivery_pipeline_runs_natural_key',
    });
    table.index(
      ['repository', 'started_at'],
      'delivery_pipeline_runs_repository_idx',
    );
  });

  await knex.schema.createTable('delivery_incidents', table => {
    table.bigIncrements('id').primary();
    table.string('source').notNullable();
    table.string('external_id').notNullable();
    table.string('entity_ref').nullable();
    table.string('repository').nullable();
    table.text('title').nullable();
    table.string('severity').nullable();
    table.bigInteger('started_at').notNullable();
    table.bigInteger('resolved_at').nullable();
    table
      .string('deployment_external_id')
      .nullable()
      .comment('explicit attribution');
    table
      .string('root_cause_sha', 64)
      .nullable()
      .comment('explicit attribution');
    table.integer('not_change_related').notNullable().defaultTo(0);
    table.text('url').nullable();
    table.bigInteger('updated_at').notNullable();
    table.unique(['source', 'external_id'], {
      indexName: 'delivery_incidents_natural_key',
    });
    table.index(['entity_ref', 'started_at'], 'delivery_incidents_entity_idx');
    table.index(
      ['repository', 'started_at'],
      'delivery_incidents_repository_idx',
    );
    table.index(['external_id'], 'delivery_incidents_external_id_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('delivery_incidents');
  await knex.schema.dropTable('delivery_pipeline_runs');
  await knex.schema.dropTable('delivery_changes');
  await knex.schema.dropTable('delivery_commits');
  await knex.schema.dropTable('delivery_pull_requests');
  await knex.schema.dropTable('delivery_deployments');
  await knex.schema.dropTable('delivery_entity_repositories');
};
