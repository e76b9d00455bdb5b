import { setImmediate as nextTurn } from 'node:timers/promises';
import { Coalescer, coalescerStats, groupBy, ItemFailure } from './coalescer.js';

describe('Coalescer', () => {
  const recording = (
    name: string,
    answer: (inputs: number[]) => (number | ItemFailure)[] = (inputs) => inputs.map((input) => input * 10),
  ) => {
    const batches: number[][] = [];
    const coalescer = new Coalescer<number, number>(
      name,
      async (inputs) => {
        batches.push(inputs);
        return answer(inputs);
      },
      3,
    );
    return { coalescer, batches };
  };

  it('answers the calls of one turn with one batch, each with its own output', async () => {
    const { coalescer, batches } = recording('one-turn');
    await expect(Promise.all([coalescer.call(1), coalescer.call(2)])).resolves.toEqual([10, 20]);
    expect(batches).toEqual([[1, 2]]);
  });

  it('answers calls of later turns with batches of their own', async () => {
    const { coalescer, batches } = recording('later-turns');
    const first = coalescer.call(1);
    await nextTurn();
    const second = coalescer.call(2);
    await expect(Promise.all([first, second])).resolves.toEqual([10, 20]);
    expect(batches).toEqual([[1], [2]]);
  });

  it('sends a full batch at once and starts another', async () => {
    const { coalescer, batches } = recording('full');
    await Promise.all([1, 2, 3, 4].map((input) => coalescer.call(input)));
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('fails only the call whose output is an ItemFailure', async () => {
    const refused = new Error('refused');
    const { coalescer } = recording('item-failure', (inputs) =>
      inputs.map((input) => (input === 2 ? new ItemFailure(refused) : input)),
    );
    const outcomes = await Promise.allSettled([coalescer.call(1), coalescer.call(2), coalescer.call(3)]);
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: refused },
      { status: 'fulfilled', value: 3 },
    ]);
  });

  it('fails every call of a batch whose operation fails', async () => {
    const down = new Error('database unavailable');
    const coalescer = new Coalescer<number, number>('batch-failure', () => Promise.reject(down));
    const outcomes = await Promise.allSettled([coalescer.call(1), coalescer.call(2)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(outcomes.map((outcome) => (outcome as PromiseRejectedResult).reason)).toEqual([down, down]);
  });

  it('fails every call when the batch answers a different number of outputs', async () => {
    const { coalescer } = recording('miscounted', () => [1]);
    const outcomes = await Promise.allSettled([coalescer.call(1), coalescer.call(2)]);
    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
  });

  it('counts calls and batches by name', async () => {
    const { coalescer } = recording('counted');
    await Promise.all([coalescer.call(1), coalescer.call(2)]);
    await coalescer.call(3);
    expect(coalescerStats().counted).toEqual({ calls: 3, batches: 2 });
  });
});

describe('groupBy', () => {
  it('groups inputs by key, keeping their positions', () => {
    const groups = groupBy(['a1', 'b2', 'a3'], (input) => input[0]);
    expect([...groups]).toEqual([
      [
        'a',
        [
          { input: 'a1', index: 0 },
          { input: 'a3', index: 2 },
        ],
      ],
      ['b', [{ input: 'b2', index: 1 }]],
    ]);
  });
});
