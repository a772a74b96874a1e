import { Knex } from 'knex';

const TABLE = 'delivery_shared_figures';
/**
 * How long before the window being written a shared window is kept: reads
 * ask for the window ending at the next whole minute, so older ones are
 * never read again; one more minute spares a replica whose clock is behind.
 */
const KEPT_BEFORE_MS = 2 * 60_000;

/**
 * Figures computed ahead by a backend replica (see `FiguresCache.share`),
 * each kept with the metrics revision it was computed at, so that every
 * replica, and the next process after a restart, reads them while that
 * revision is current instead of computing them again.
 */
export class SharedFigures {
  constructor(private readonly db: Knex) {}

  /** The figures kept under `key` at `revision`; none when missing or of another revision. */
  async read(key: string, revision: number): Promise<unknown | undefined> {
    const row = await this.kept(key, revision, 'figures');
    return row ? JSON.parse(row.figures) : undefined;
  }

  /** Whether figures are kept under `key` at `revision`. */
  async has(key: string, revision: number): Promise<boolean> {
    return (await this.kept(key, revision, 'revision')) !== undefined;
  }

  /** `column` of the row kept under `key` at `revision`, if any. */
  private kept(key: string, revision: number, column: string) {
    return this.db(TABLE).where({ figures_key: key, revision }).first(column);
  }

  /**
   * Keeps `figures` under `key`, unless figures of a later revision are kept
   * already (a replica that computed from newer data wrote first), and
   * forgets those of windows that ended before `windowEnd`.
   */
  async write(
    key: string,
    revision: number,
    windowEnd: number,
    figures: unknown,
  ): Promise<void> {
    await this.db(TABLE)
      .insert({
        figures_key: key,
        revision,
        window_end: windowEnd,
        figures: JSON.stringify(figures),
      })
      .onConflict('figures_key')
      .merge()
      .where(`${TABLE}.revision`, '<', revision);
    await this.db(TABLE)
      .where('window_end', '<', windowEnd - KEPT_BEFORE_MS)
      .delete();
  }
}
