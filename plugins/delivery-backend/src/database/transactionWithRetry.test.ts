import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  isRetryableTransactionError,
  transactionWithRetry,
} from './transactionWithRetry';

jest.setTimeout(60_000);

const failure = (code: string) =>
  Object.assign(new Error(`failed with ${code}`), { code });

describe('transactionWithRetry', () => {
  const databases = createTestDatabases();

  async function withTable(
    id: Parameters<typeof databases.init>[0],
  ): Promise<Knex> {
    const knex = await databases.init(id);
    await knex.schema.createTable('retry_rows', t => {
      t.string('name').primary();
      t.integer('value').notNullable();
    });
    return knex;
  }

  it('retries deadlocks, serialization failures and a busy SQLite only', () => {
    for (const code of ['40P01', '40001', 'SQLITE_BUSY']) {
      expect(isRetryableTransactionError(failure(code))).toBe(true);
    }
    for (const code of ['23505', 'SQLITE_CONSTRAINT_UNIQUE']) {
      expect(isRetryableTransactionError(failure(code))).toBe(false);
    }
    expect(isRetryableTransactionError(new Error('plain'))).toBe(false);
    expect(isRetryableTransactionError(undefined)).toBe(false);
  });

  it.each(databases.eachSupportedId())(
    'runs the whole transaction again, and the failed attempts leave nothing, %p',
    async id => {
      const knex = await withTable(id);
      let attempt = 0;
      const result = await transactionWithRetry(
        knex,
        async trx => {
          attempt++;
          await trx('retry_rows').insert({ name: `try-${attempt}`, value: 1 });
          if (attempt < 3)
            throw failure(attempt === 1 ? '40P01' : 'SQLITE_BUSY');
          return attempt;
        },
        { baseDelayMs: 1 },
      );
      expect(result).toBe(3);
      expect(await knex('retry_rows').select('name')).toEqual([
        { name: 'try-3' },
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'gives up after the last attempt, and at once on other errors, %p',
    async id => {
      const knex = await withTable(id);
      let attempts = 0;
      await expect(
        transactionWithRetry(
          knex,
          async () => {
            attempts++;
            throw failure('40001');
          },
          { attempts: 4, baseDelayMs: 1 },
        ),
      ).rejects.toThrow('failed with 40001');
      expect(attempts).toBe(4);

      attempts = 0;
      await expect(
        transactionWithRetry(knex, async trx => {
          attempts++;
          await trx('retry_rows').insert({ name: 'a', value: 1 });
          await trx('retry_rows').insert({ name: 'a', value: 2 });
        }),
      ).rejects.toThrow();
      expect(attempts).toBe(1);
      await knex.destroy();
    },
  );

  it.each(
    databases.eachSupportedId().filter(([id]) => id.startsWith('POSTGRES')),
  )('recovers from a real deadlock between two writers, %p', async id => {
    const knex = await withTable(id);
    await knex('retry_rows').insert([
      { name: 'a', value: 0 },
      { name: 'b', value: 0 },
    ]);
    // both writers hold their first row before either asks for its second
    let arrived = 0;
    let release: () => void;
    const bothHoldOne = new Promise<void>(resolve => {
      release = resolve;
    });
    const attempts = { ab: 0, ba: 0 };
    const writer = (first: string, second: string) =>
      transactionWithRetry(knex, async trx => {
        attempts[`${first}${second}` as 'ab' | 'ba']++;
        await trx('retry_rows').where({ name: first }).increment('value', 1);
        if (++arrived === 2) release();
        await bothHoldOne;
        await trx('retry_rows').where({ name: second }).increment('value', 1);
      });
    await Promise.all([writer('a', 'b'), writer('b', 'a')]);
    // PostgreSQL aborted one of them, which ran again (on a loaded machine
    // a retry may meet the other writer again and run once more)
    expect(attempts.ab + attempts.ba).toBeGreaterThanOrEqual(3);
    expect(await knex('retry_rows').select().orderBy('name')).toEqual([
      { name: 'a', value: 2 },
      { name: 'b', value: 2 },
    ]);
    await knex.destroy();
  });
});
