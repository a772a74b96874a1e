import {
  createTestDatabases,
  createTestStore,
} from '../__testUtils__/databases';
import { SharedFigures } from './SharedFigures';

const MINUTE = 60_000;
const END = Date.parse('2026-01-05T00:01:00Z');
/** Backend replicas writing the same figures at once. */
const REPLICAS = 12;

describe('SharedFigures', () => {
  const databases = createTestDatabases();

  const setup = async (id: Parameters<typeof databases.init>[0]) => {
    const store = await createTestStore(databases, id);
    return { db: store.db, shared: new SharedFigures(store.db) };
  };

  it.each(databases.eachSupportedId())(
    'reads figures back only at the revision they were written at, %p',
    async id => {
      const { db, shared } = await setup(id);
      const figures = { count: 3, level: null, names: ['a', 'b'] };
      await shared.write('k', 7, END, figures);
      await expect(shared.read('k', 7)).resolves.toEqual(figures);
      await expect(shared.has('k', 7)).resolves.toBe(true);
      await expect(shared.read('k', 8)).resolves.toBeUndefined();
      await expect(shared.has('k', 6)).resolves.toBe(false);
      await expect(shared.read('other', 7)).resolves.toBeUndefined();
      await db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the figures of the latest revision when replicas write at once, whatever their order, %p',
    async id => {
      const { db, shared } = await setup(id);
      const revisions = Array.from({ length: REPLICAS }, (_, i) => i + 1);
      // every replica writes its revision of the same figures, and each
      // revision is written twice (a retried run)
      await Promise.all(
        [...revisions, ...revisions]
          .reverse()
          .map(r => shared.write('k', r, END, { revision: r })),
      );
      await expect(shared.read('k', REPLICAS)).resolves.toEqual({
        revision: REPLICAS,
      });
      await expect(shared.read('k', REPLICAS - 1)).resolves.toBeUndefined();
      await shared.write('k', 1, END, { revision: 1 });
      await expect(shared.read('k', REPLICAS)).resolves.toEqual({
        revision: REPLICAS,
      });
      const [{ rows }] = await db('delivery_shared_figures').count('* as rows');
      expect(Number(rows)).toBe(1);
      await db.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'forgets the figures of windows ended more than two minutes before the one written, %p',
    async id => {
      const { db, shared } = await setup(id);
      await shared.write('old', 1, END, { window: 'old' });
      await shared.write('previous', 1, END + MINUTE, { window: 'previous' });
      await shared.write('now', 1, END + 3 * MINUTE, { window: 'now' });
      await expect(shared.has('old', 1)).resolves.toBe(false);
      await expect(shared.has('previous', 1)).resolves.toBe(true);
      await expect(shared.has('now', 1)).resolves.toBe(true);
      await db.destroy();
    },
  );
});
