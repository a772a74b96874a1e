import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const directory = resolvePackagePath(
  '@internal/plugin-delivery-backend',
  'migrations',
);
const name = '20261203_pipeline_run_attempts.js';

describe(`migration ${name}`, () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'merges the attempts GitHub runs were stored by into one row per run, %p',
    async id => {
      const knex = await databases.init(id);
      await knex.migrate.latest({ directory });
      await knex.migrate.down({ directory, name });
      const row = (
        externalId: string,
        conclusion: string,
        source = 'github',
      ) => ({
        source,
        external_id: externalId,
        repository: 'acme/svc',
        workflow: 'ci',
        status: 'completed',
        conclusion,
        updated_at: 0,
      });
      await knex('delivery_pipeline_runs').insert([
        row('100-1', 'failure'),
        row('100-2', 'success'),
        row('200-1', 'success'),
        row('300-2', 'cancelled'),
        row('300-1', 'success'),
        row('400-1', 'failure', 'events-api'),
      ]);
      await knex.migrate.up({ directory, name });
      const rows = await knex('delivery_pipeline_runs')
        .select('source', 'external_id', 'attempt', 'conclusion')
        .select('earlier_attempt_failed')
        .orderBy(['source', 'external_id']);
      expect(
        rows.map(r => ({
          ...r,
          attempt: Number(r.attempt),
          earlier_attempt_failed: Number(r.earlier_attempt_failed),
        })),
      ).toEqual([
        {
          source: 'events-api',
          external_id: '400-1',
          attempt: 1,
          conclusion: 'failure',
          earlier_attempt_failed: 0,
        },
        {
          source: 'github',
          external_id: '100',
          attempt: 2,
          conclusion: 'success',
          earlier_attempt_failed: 1,
        },
        {
          source: 'github',
          external_id: '200',
          attempt: 1,
          conclusion: 'success',
          earlier_attempt_failed: 0,
        },
        {
          source: 'github',
          external_id: '300',
          attempt: 2,
          conclusion: 'cancelled',
          earlier_attempt_failed: 0,
        },
      ]);
      await knex.destroy();
    },
  );
});
