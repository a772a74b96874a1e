interface Waiter<R> {
  offset: number;
  count: number;
  resolve: (rows: R[]) => void;
  reject: (error: unknown) => void;
}

interface Batch<S, O, R> {
  options: O;
  scopes: S[];
  waiters: Waiter<R>[];
}

/**
 * Computes the per-service results of concurrent requests together: the
 * requests whose options are the same but for their scopes (`keyOf`) are
 * computed as one request for all their scopes, split into `chunkSize`
 * scopes at most, `parallel` chunks at a time. A statement over many
 * services costs far less per service than one statement each, so the many
 * single-service reads that find no figures at once (after a whole minute,
 * or the first reads of a page of services) share a few statements.
 *
 * At most `parallel` batches run at once; the requests that arrive
 * meanwhile wait and start together as the next batch once one is done, so
 * that the busier the backend, the larger and cheaper per service its
 * statements. A request that finds a free slot starts in the next turn of
 * the event loop. A failed computation fails every request of its batch.
 */
export class ScopeBatcher<S, O extends { scopes: S[] }, R> {
  private readonly waiting = new Map<string, Batch<S, O, R>>();
  private running = 0;
  private startScheduled = false;

  constructor(
    private readonly compute: (options: O) => Promise<R[]>,
    private readonly keyOf: (options: O) => string,
    private readonly chunkSize: number,
    private readonly parallel: number,
  ) {}

  /** One result per scope of `options`, in their order. */
  load(options: O): Promise<R[]> {
    if (!options.scopes.length) return Promise.resolve([]);
    const key = this.keyOf(options);
    let batch = this.waiting.get(key);
    if (!batch) {
      batch = { options, scopes: [], waiters: [] };
      this.waiting.set(key, batch);
    }
    const { scopes, waiters } = batch;
    const offset = scopes.length;
    scopes.push(...options.scopes);
    const result = new Promise<R[]>((resolve, reject) =>
      waiters.push({ offset, count: options.scopes.length, resolve, reject }),
    );
    if (!this.startScheduled) {
      this.startScheduled = true;
      setImmediate(() => {
        this.startScheduled = false;
        this.startWaiting();
      });
    }
    return result;
  }

  /** Starts waiting batches, oldest first, while fewer than `parallel` run. */
  private startWaiting() {
    for (const [key, batch] of this.waiting) {
      if (this.running >= this.parallel) return;
      this.waiting.delete(key);
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.startWaiting();
      });
    }
  }

  private async run({ options, scopes, waiters }: Batch<S, O, R>) {
    try {
      const rows = await this.inChunks(options, scopes);
      for (const w of waiters)
        w.resolve(rows.slice(w.offset, w.offset + w.count));
    } catch (e) {
      for (const w of waiters) w.reject(e);
    }
  }

  private async inChunks(options: O, scopes: S[]): Promise<R[]> {
    const size = Math.min(this.chunkSize, scopes.length);
    const chunks = Array.from(
      { length: Math.ceil(scopes.length / size) },
      (_, i) => scopes.slice(i * size, (i + 1) * size),
    );
    const rows: R[][] = new Array(chunks.length);
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const i = next++;
        rows[i] = await this.compute({ ...options, scopes: chunks[i] });
      }
    };
    await Promise.all(Array.from({ length: this.parallel }, worker));
    return rows.flat();
  }
}
