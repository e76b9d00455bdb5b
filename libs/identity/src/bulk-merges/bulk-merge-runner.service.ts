import { Injectable } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import { bulkMergeWaves, decideBulkPair, type BulkPair, type BulkPairCustomer } from '@app/domain';
import {
  BulkMergeRepository,
  CustomerRepository,
  type BulkMerge,
  type BulkPairResult,
  type Stored,
} from '@app/persistence';
import { MergesProducer } from '@app/queue';
import { MergeRefusedError } from '../merges/merge-errors.js';
import { MergeStarterService } from '../merges/merge-starter.service.js';

/** Pairs of one wave merging at once: the merges queue runs four journals per worker. */
const PARALLEL_PAIRS = 4;
/** A pair whose customers another journal holds is tried again after it; then reported `busy`. */
const BUSY_ATTEMPTS = 5;
const HOLDER_WAIT_MS = 20_000;
const BUSY_PAUSE_MS = 200;
/** Tombstone chains are short; a longer one (a cycle would be a bug elsewhere) stops the walk. */
const MAX_CHAIN = 64;

type IndexedPair = BulkPair & { index: number };
type Attempt = Omit<BulkPairResult, 'attempts'>;

/**
 * Runs the pairs of a bulk merge that have no result yet, each through the merge starter (guarded, journaled,
 * locked, audited like any merge), recording each result as soon as it is known: a job taken over after a crash
 * continues with the pairs left. Pairs sharing a customer run one after the other in the order given (a chain
 * A←B, B←C merges C into A); the others of a wave run at once.
 */
@Injectable()
export class BulkMergeRunnerService {
  constructor(
    private readonly bulkMerges: BulkMergeRepository,
    private readonly customers: CustomerRepository,
    private readonly starter: MergeStarterService,
    private readonly mergeJobs: MergesProducer,
  ) {}

  async run(tenantId: string, bulkMergeId: string): Promise<void> {
    const bulk = await this.bulkMerges.findById(tenantId, bulkMergeId);
    if (!bulk || bulk.status === 'done') return;
    await this.bulkMerges.markRunning(tenantId, bulk._id);
    const left = bulk.pairs.flatMap((pair, index) =>
      pair.result ? [] : [{ survivorId: pair.survivorId, victimId: pair.victimId, index }],
    );
    for (const wave of bulkMergeWaves(left)) {
      await forEachAtOnce(wave, PARALLEL_PAIRS, (pair) => this.runPair(tenantId, bulk, pair));
    }
    await this.bulkMerges.finish(tenantId, bulk._id);
  }

  private async runPair(tenantId: string, bulk: Stored<BulkMerge>, pair: IndexedPair): Promise<void> {
    let attempts = 0;
    let result: Attempt;
    for (;;) {
      attempts += 1;
      result = await this.attempt(tenantId, bulk, pair);
      if (result.outcome !== 'busy' || attempts === BUSY_ATTEMPTS) break;
      await this.waitForHolders(result.heldBy);
    }
    await this.bulkMerges.recordResult(tenantId, bulk._id, pair.index, { ...result, attempts });
  }

  private async attempt(tenantId: string, bulk: Stored<BulkMerge>, pair: IndexedPair): Promise<Attempt> {
    const [survivor, victim] = await Promise.all([
      this.lookUp(tenantId, pair.survivorId),
      this.lookUp(tenantId, pair.victimId),
    ]);
    const decision = decideBulkPair(pair, survivor, victim);
    if (!decision.merge) {
      const { merge: _merge, ...result } = decision;
      return result;
    }
    const { survivorId, victimId } = decision;
    try {
      const { merge } = await this.starter.start(
        tenantId,
        bulk.actor.id,
        { survivorId, victimIds: [victimId] },
        bulk.actor.kind === 'user' ? bulk.actor.role : undefined,
        bulk.actor.kind,
      );
      return { outcome: 'merged', mergeId: merge._id.toHexString(), survivorId };
    } catch (error) {
      if (!(error instanceof MergeRefusedError)) throw error;
      return refusal(error, survivorId);
    }
  }

  /** The customer, and where its tombstones lead when it was merged away. */
  private async lookUp(tenantId: string, id: string): Promise<BulkPairCustomer> {
    const found = await this.customers.findById(tenantId, id);
    if (!found) return { found: false };
    let customer = found;
    for (let hop = 0; customer.mergedInto && hop < MAX_CHAIN; hop += 1) {
      const next = await this.customers.findById(tenantId, customer.mergedInto.toHexString());
      if (!next) break;
      customer = next;
    }
    const end = customer._id.toHexString();
    return { found: true, id, mergedInto: end === id ? null : end };
  }

  /**
   * Until the merges holding the customers finished (a detach, undo or move has no job to wait for here), and a
   * pause at least: a merge still taking its locks has no job yet either.
   */
  private async waitForHolders(heldBy: Record<string, string[]> | undefined): Promise<void> {
    const mergeIds = heldBy?.mergeIds ?? [];
    await Promise.all([
      delay(BUSY_PAUSE_MS),
      ...mergeIds.map((mergeId) => this.mergeJobs.waitFor(mergeId, HOLDER_WAIT_MS)),
    ]);
  }
}

/** A merge the starter refused, as the pair's result. */
function refusal(error: MergeRefusedError, survivorId: string): Attempt {
  switch (error.code) {
    case 'merge_blocked': {
      const [refused] = error.details.blocks as { blocks: unknown[] }[];
      return { outcome: 'blocked', survivorId, blocks: refused?.blocks ?? [] };
    }
    case 'customer_not_found':
      return { outcome: 'not_found', customerId: String(error.details.customerId) };
    case 'merge_in_progress':
      return { outcome: 'busy', heldBy: error.details as Record<string, string[]> };
    case 'customer_merged':
      // Merged away between the look-up and the locks: looked up again.
      return { outcome: 'busy' };
    default:
      throw error;
  }
}

async function forEachAtOnce<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
