import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import type { MergePicks } from '@app/domain';
import { MergeRepository, type Merge, type Stored } from '@app/persistence';
import { MergesProducer } from '@app/queue';
import { CustomerLocksService } from '../customer-locks.service.js';
import { mergeCustomerIds } from './merge-customer-ids.js';
import { MergeRefusedError, mergeBlocked } from './merge-errors.js';
import { MergePlannerService, type MergePlan } from './merge-planner.service.js';

export interface MergeRequest {
  survivorId: string;
  victimIds: string[];
  picks?: MergePicks;
  suggestionId?: string;
  /** Set when a rule rather than a person asked for it (the uniqueness setting). */
  trigger?: 'uniqueness';
  /** The journal's id, when the caller must start a merge once across retries (it reads the journal first). */
  mergeId?: Types.ObjectId;
}

/** Who starts a merge, as its journal and audit record them: a user (with its role) or a connector key. */
export type MergeActorKind = 'user' | 'connector';

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
    private readonly locks: CustomerLocksService,
    private readonly producer: MergesProducer,
  ) {}

  async start(
    tenantId: string,
    actorId: string,
    request: MergeRequest,
    actorRole?: string,
    actorKind: MergeActorKind = 'user',
  ): Promise<{ merge: Stored<Merge>; finished: boolean }> {
    // Refused before any write when repeated, missing or malformed.
    const customerIds = mergeCustomerIds(request.survivorId, request.victimIds);
    const mergeId = request.mergeId ?? new Types.ObjectId();
    // The journal comes first, so every lock names an existing merge and a lock without one is a leftover.
    await this.merges.create({
      _id: mergeId,
      tenantId,
      survivorId: customerIds[0],
      victimIds: customerIds.slice(1),
      actorId,
      ...(actorRole ? { actorRole } : {}),
      ...(actorKind === 'connector' ? { actorKind } : {}),
      trigger: request.trigger ?? (request.suggestionId ? 'suggestion' : 'manual'),
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
    const holders = await this.locks.acquire(tenantId, 'merge', mergeId, customerIds);
    if (!holders) return;
    throw new MergeRefusedError('merge_in_progress', 'another merge or detach of these customers is running', {
      ...holders,
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
