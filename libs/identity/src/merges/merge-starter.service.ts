import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import type { MergePicks } from '@app/domain';
import { MergeLockRepository, MergeRepository, type Merge, type Stored } from '@app/persistence';
import { MergesProducer } from '@app/queue';
import { mergeCustomerIds } from './merge-customer-ids.js';
import { MergeRefusedError, mergeBlocked } from './merge-errors.js';
import { MergePlannerService, type MergePlan } from './merge-planner.service.js';

export interface MergeRequest {
  survivorId: string;
  victimIds: string[];
  picks?: MergePicks;
  suggestionId?: string;
}

/** Small merges usually finish within this; the api then answers 200 with the result instead of 202. */
const SYNCHRONOUS_WAIT_MS = 3_000;

/**
 * Plans a merge, refuses it when a guard does, serializes it against other merges of the same customers, writes
 * its journal and hands it to the worker.
 */
@Injectable()
export class MergeStarterService {
  constructor(
    private readonly planner: MergePlannerService,
    private readonly merges: MergeRepository,
    private readonly locks: MergeLockRepository,
    private readonly producer: MergesProducer,
  ) {}

  async start(
    tenantId: string,
    actorId: string,
    request: MergeRequest,
  ): Promise<{ merge: Stored<Merge>; finished: boolean }> {
    // Refused before any write when repeated, missing or malformed.
    const customerIds = mergeCustomerIds(request.survivorId, request.victimIds);
    const mergeId = new Types.ObjectId();
    // The journal comes first, so every lock names an existing merge and a lock without one is a leftover.
    await this.merges.create({
      _id: mergeId,
      tenantId,
      survivorId: customerIds[0],
      victimIds: customerIds.slice(1),
      actorId,
      trigger: request.suggestionId ? 'suggestion' : 'manual',
      ...(request.suggestionId ? { suggestionId: new Types.ObjectId(request.suggestionId) } : {}),
      picks: (request.picks ?? {}) as Record<string, string>,
    });
    try {
      await this.lock(tenantId, mergeId, customerIds);
    } catch (error) {
      await this.merges.setStatus(tenantId, mergeId, 'pending', 'refused');
      throw error;
    }
    // Planned only now that no other merge can change these customers: one that finished meanwhile may have made
    // one of them a tombstone (refused, naming its survivor) or given the survivor new fields the plan must keep.
    let plan: MergePlan;
    try {
      plan = await this.planner.plan(tenantId, request.survivorId, request.victimIds, request.picks);
      if (plan.blocks.length > 0) throw mergeBlocked(plan.blocks);
    } catch (error) {
      await this.locks.release(tenantId, mergeId);
      await this.merges.setStatus(tenantId, mergeId, 'pending', 'refused');
      throw error;
    }
    await this.merges.startRunning(tenantId, mergeId, intentOf(plan));
    await this.producer.execute({ tenantId, mergeId: mergeId.toHexString() });
    const finished = await this.producer.waitFor(mergeId.toHexString(), SYNCHRONOUS_WAIT_MS);
    const merge = await this.merges.findById(tenantId, mergeId.toHexString());
    if (!merge) throw new Error(`merge ${mergeId.toHexString()} vanished`);
    return { merge, finished: finished && merge.status === 'done' };
  }

  private async lock(tenantId: string, mergeId: Types.ObjectId, customerIds: Types.ObjectId[]): Promise<void> {
    if (await this.locks.acquire(tenantId, mergeId, customerIds)) return;
    const held = await this.locks.findHeld(tenantId, customerIds);
    const holders = await this.merges.find({ tenantId, _id: { $in: held.map((lock) => lock.mergeId) } });
    const stale = held.filter((lock) => {
      const holder = holders.find((merge) => merge._id.equals(lock.mergeId));
      return !holder || holder.status === 'done' || holder.status === 'refused' || isAbandoned(holder);
    });
    for (const lock of stale) await this.locks.releaseStale(tenantId, lock);
    if (stale.length > 0 && (await this.locks.acquire(tenantId, mergeId, customerIds))) return;
    throw new MergeRefusedError('merge_in_progress', 'another merge of these customers is running', {
      mergeIds: [...new Set(held.map((lock) => lock.mergeId.toHexString()))],
    });
  }
}

/** What the journal records of a plan: the survivor's resulting fields, everyone as they were, what moves. */
function intentOf(plan: MergePlan): Pick<Merge, 'result' | 'before' | 'moved'> {
  return {
    result: plan.result,
    before: [plan.survivor, ...plan.victims] as unknown as Record<string, unknown>[],
    moved: plan.moves,
  };
}

/** A merge that crashed while taking its locks (they take milliseconds) must not hold its customers forever. */
const ABANDONED_AFTER_MS = 60_000;
function isAbandoned(merge: Stored<Merge>): boolean {
  return merge.status === 'pending' && Date.now() - merge.createdAt.getTime() > ABANDONED_AFTER_MS;
}
