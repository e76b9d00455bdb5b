interface Waiting<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

/** How many calls were answered by how many batched operations: what tests read to see calls coalesced. */
export interface CoalescerStats {
  calls: number;
  batches: number;
}

const registry = new Map<string, CoalescerStats>();

/** Every coalescer's calls and batches so far, by name. */
export function coalescerStats(): Record<string, CoalescerStats> {
  return Object.fromEntries([...registry].map(([name, stats]) => [name, { ...stats }]));
}

/** The answer of one call of a batch that failed on its own (the others of the batch are answered normally). */
export class ItemFailure {
  constructor(readonly error: unknown) {}
}

/**
 * Answers the calls made during one turn of the event loop with one batched operation (the DataLoader pattern).
 * Alone, a call waits one turn; under load, concurrent jobs that reach the same step together share one database
 * command instead of one each, and stay in step for the next one. `run` answers one output per input, in order;
 * an `ItemFailure` output fails that call alone; when `run` fails, every call of the batch fails with its error.
 */
export class Coalescer<I, O> {
  private waiting: Waiting<I, O>[] = [];
  private scheduled = false;
  private readonly stats: CoalescerStats;

  constructor(
    name: string,
    private readonly run: (inputs: I[]) => Promise<(O | ItemFailure)[]>,
    private readonly maxBatch = 200,
  ) {
    this.stats = registry.get(name) ?? { calls: 0, batches: 0 };
    registry.set(name, this.stats);
  }

  call(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (this.waiting.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.waiting;
    this.waiting = [];
    this.scheduled = false;
    if (batch.length === 0) return;
    this.stats.calls += batch.length;
    this.stats.batches += 1;
    this.run(batch.map((waiting) => waiting.input)).then(
      (outputs) => {
        if (outputs.length !== batch.length) {
          const error = new Error(`batch answered ${outputs.length} outputs for ${batch.length} inputs`);
          for (const waiting of batch) waiting.reject(error);
          return;
        }
        batch.forEach((waiting, index) => {
          const output = outputs[index];
          if (output instanceof ItemFailure) waiting.reject(output.error);
          else waiting.resolve(output);
        });
      },
      (error: unknown) => {
        for (const waiting of batch) waiting.reject(error);
      },
    );
  }
}

/** Groups inputs by a key (the tenant, usually), keeping each input's position for the answers. */
export function groupBy<I>(inputs: I[], keyOf: (input: I) => string): Map<string, { input: I; index: number }[]> {
  const groups = new Map<string, { input: I; index: number }[]>();
  inputs.forEach((input, index) => {
    const key = keyOf(input);
    const group = groups.get(key) ?? [];
    group.push({ input, index });
    groups.set(key, group);
  });
  return groups;
}
