import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DeliveryStore } from '../database/DeliveryStore';

/**
 * TestDatabases with SQLite and PostgreSQL 15. An id without its connection
 * string is silently dropped by TestDatabases, so in CI this fails loudly
 * when the PostgreSQL half would vanish.
 */
export function createTestDatabases(): TestDatabases {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const ids = databases.eachSupportedId().map(([id]) => id);
  if (process.env.CI && !ids.includes('POSTGRES_15')) {
    throw new Error(
      'CI is set but PostgreSQL 15 is not among the test databases: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (for example postgresql://postgres@127.0.0.1:5432)',
    );
  }
  return databases;
}

/**
 * The delivery store with its database handle open to the tests, which look
 * at the rows it stored and write rows no event would.
 */
export class TestStore extends DeliveryStore {
  declare readonly db: Knex;
}

export async function createTestStore(
  databases: TestDatabases,
  id: Parameters<TestDatabases['init']>[0],
): Promise<TestStore> {
  const knex = await databases.init(id);
  return (await TestStore.create({
    database: mockServices.database({ knex }),
  })) as TestStore;
}
