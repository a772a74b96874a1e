import { ScopeBatcher } from './ScopeBatcher';

interface Options {
  scopes: string[];
  window: string;
}

/** A computation whose calls wait until the test lets them finish. */
function controlledCompute() {
  const calls: Array<{
    options: Options;
    finish: () => void;
    fail: (e: Error) => void;
  }> = [];
  const compute = (options: Options) =>
    new Promise<string[]>((resolve, reject) =>
      calls.push({
        options,
        finish: () =>
          resolve(options.scopes.map(s => `${options.window}:${s}`)),
        fail: reject,
      }),
    );
  return { calls, compute };
}

const turn = () => new Promise(resolve => setImmediate(resolve));

function batcher(compute: (o: Options) => Promise<string[]>, chunkSize = 250) {
  return new ScopeBatcher<string, Options, string>(
    compute,
    o => o.window,
    chunkSize,
    2,
  );
}

describe('ScopeBatcher', () => {
  it('computes the requests of one turn together, each getting its own results', async () => {
    const { calls, compute } = controlledCompute();
    const b = batcher(compute);
    const first = b.load({ scopes: ['a', 'b'], window: 'w' });
    const second = b.load({ scopes: ['c'], window: 'w' });
    const other = b.load({ scopes: ['a'], window: 'v' });
    await turn();
    expect(calls.map(c => c.options)).toEqual([
      { scopes: ['a', 'b', 'c'], window: 'w' },
      { scopes: ['a'], window: 'v' },
    ]);
    calls.forEach(c => c.finish());
    await expect(first).resolves.toEqual(['w:a', 'w:b']);
    await expect(second).resolves.toEqual(['w:c']);
    await expect(other).resolves.toEqual(['v:a']);
  });

  it('lets the requests that arrive while two batches run wait, and starts them as one batch when one is done', async () => {
    const { calls, compute } = controlledCompute();
    const b = batcher(compute);
    const running = [
      b.load({ scopes: ['a'], window: 'w' }),
      b.load({ scopes: ['b'], window: 'v' }),
    ];
    await turn();
    const waiting = [
      b.load({ scopes: ['c'], window: 'w' }),
      b.load({ scopes: ['d'], window: 'w' }),
    ];
    await turn();
    const later = b.load({ scopes: ['e'], window: 'w' });
    await turn();
    expect(calls).toHaveLength(2);

    calls[0].finish();
    await expect(running[0]).resolves.toEqual(['w:a']);
    await turn();
    expect(calls.map(c => c.options.scopes)).toEqual([
      ['a'],
      ['b'],
      ['c', 'd', 'e'],
    ]);
    calls.slice(1).forEach(c => c.finish());
    await expect(Promise.all([...waiting, later])).resolves.toEqual([
      ['w:c'],
      ['w:d'],
      ['w:e'],
    ]);
  });

  it('splits a batch into chunks and keeps the order of their results', async () => {
    const { calls, compute } = controlledCompute();
    const b = batcher(compute, 2);
    const result = b.load({ scopes: ['a', 'b', 'c', 'd', 'e'], window: 'w' });
    await turn();
    // two chunks at a time
    expect(calls.map(c => c.options.scopes)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    calls[1].finish();
    await turn();
    calls[0].finish();
    await turn();
    expect(calls.map(c => c.options.scopes)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e'],
    ]);
    calls[2].finish();
    await expect(result).resolves.toEqual(['w:a', 'w:b', 'w:c', 'w:d', 'w:e']);
  });

  it('fails every request of a failed batch, and only those', async () => {
    const { calls, compute } = controlledCompute();
    const b = batcher(compute);
    const failing = [
      b.load({ scopes: ['a'], window: 'w' }),
      b.load({ scopes: ['b'], window: 'w' }),
    ];
    const other = b.load({ scopes: ['a'], window: 'v' });
    await turn();
    calls[0].fail(new Error('statement failed'));
    calls[1].finish();
    await expect(failing[0]).rejects.toThrow('statement failed');
    await expect(failing[1]).rejects.toThrow('statement failed');
    await expect(other).resolves.toEqual(['v:a']);
  });
});
