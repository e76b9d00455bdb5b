import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { MergeLockRepository, MergeRepository, type Merge, type Stored } from '@app/persistence';
import { MergesProducer } from '@app/queue';
import type { MergePicks } from '../rules/merge-fields.js';
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
    const plan = await this.planner.plan(tenantId, request.survivorId, request.victimIds, request.picks);
    if (plan.blocks.length > 0) throw mergeBlocked(plan.blocks);
    const mergeId = new Types.ObjectId();
    const customerIds = [plan.survivor, ...plan.victims].map((customer) => new Types.ObjectId(customer.id));
    // The journal comes first, so every lock names an existing merge and a lock without one is a leftover.
    await this.merges.create({
      _id: mergeId,
      tenantId,
      survivorId: customerIds[0],
      victimIds: customerIds.slice(1),
      actorId,
      trigger: request.suggestionId ? 'suggestion' : 'manual',
      ...(request.suggestionId ? { suggestionId: new Types.ObjectId(request.suggestionId) } : {}),
      ...intentOf(plan, request.picks),
    });
    try {
      await this.lock(tenantId, mergeId, customerIds);
    } catch (error) {
      await this.merges.setStatus(tenantId, mergeId, 'pending', 'refused');
      throw error;
    }
    try {
      await this.planLocked(tenantId, mergeId, request);
    } catch (error) {
      await this.locks.release(tenantId, mergeId);
      await this.merges.setStatus(tenantId, mergeId, 'pending', 'refused');
      throw error;
    }
    await this.merges.setStatus(tenantId, mergeId, 'pending', 'running');
    await this.producer.execute({ tenantId, mergeId: mergeId.toHexString() });
    const finished = await this.producer.waitFor(mergeId.toHexString(), SYNCHRONOUS_WAIT_MS);
    const merge = await this.merges.findById(tenantId, mergeId.toHexString());
    if (!merge) throw new Error(`merge ${mergeId.toHexString()} vanished`);
    return { merge, finished: finished && merge.status === 'done' };
  }

  /**
   * Plans again now that no other merge can change these customers, and journals that plan. A merge that finished
   * between the first plan and the locks may have made one of them a tombstone (refused here, naming the survivor),
   * or given the survivor what its own victims held: executing the first plan would overwrite the survivor's fields
   * with values that lack it.
   */
  private async planLocked(tenantId: string, mergeId: Types.ObjectId, request: MergeRequest): Promise<void> {
    const plan = await this.planner.plan(tenantId, request.survivorId, request.victimIds, request.picks);
    if (plan.blocks.length > 0) throw mergeBlocked(plan.blocks);
    await this.merges.updateOne({ tenantId, _id: mergeId, status: 'pending' }, { $set: intentOf(plan, request.picks) });
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
function intentOf(plan: MergePlan, picks: MergePicks = {}): Pick<Merge, 'result' | 'before' | 'moved' | 'picks'> {
  return {
    result: plan.result,
    picks: picks as Record<string, string>,
    before: [plan.survivor, ...plan.victims] as unknown as Record<string, unknown>[],
    moved: plan.moves,
  };
}

/** A merge that crashed while taking its locks (they take milliseconds) must not hold its customers forever. */
const ABANDONED_AFTER_MS = 60_000;
function isAbandoned(merge: Stored<Merge>): boolean {
  return merge.status === 'pending' && Date.now() - merge.createdAt.getTime() > ABANDONED_AFTER_MS;
}
