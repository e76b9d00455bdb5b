import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import type { Principal } from '@app/auth';
import type { IdentifyDecision, IdentifyMergeVictim } from '@app/domain';
import { MergeRefusedError, MergeStarterService } from '@app/identity';
import {
  IdentifyRequestRepository,
  isDuplicateKeyError,
  mergePlanOf,
  MergeRepository,
  type IdentifyRequest,
  type IdentifyMergePlan,
  type Merge,
  type Stored,
  type TenantId,
} from '@app/persistence';
import type { IdentifyMergeView } from './identify.dto.js';

/**
 * The `tombstone` setting: after an identify moved identifiers between customers, the ones they came from are
 * merged into the one kept by an ordinary merge (guards, locks, journal, audit, events, undo). What to merge is
 * recorded on the call before anything moves and the merge journal's id is chosen with it, so a retry after a crash
 * between the transfer and the merge starts it, and a replay or a second retry finds it instead of starting another.
 */
@Injectable()
export class IdentifyMergeService {
  constructor(
    private readonly requests: IdentifyRequestRepository,
    private readonly merges: MergeRepository,
    private readonly starter: MergeStarterService,
  ) {}

  /** The merge this call is to start: the one an earlier attempt recorded, else the decision's under `tombstone`. */
  async plan(
    tenantId: TenantId,
    call: Pick<IdentifyRequest, 'requestId' | 'mergeId' | 'survivorId' | 'victimIds'>,
    decision: Exclude<IdentifyDecision, { action: 'conflict' }>,
    setting: IdentifyMergeVictim,
  ): Promise<IdentifyMergePlan | undefined> {
    const earlier = mergePlanOf(call);
    if (earlier) return earlier;
    if (decision.action !== 'merge' || setting !== 'tombstone') return undefined;
    return this.requests.planMerge(tenantId, call.requestId, {
      mergeId: new Types.ObjectId(),
      survivorId: new Types.ObjectId(decision.survivorId),
      victimIds: decision.victims.map((victim) => new Types.ObjectId(victim.customerId)),
    });
  }

  /** Starts the planned merge once; a refusal (a guard, another journal holding a customer) is reported, not thrown. */
  async start(principal: Principal, plan: IdentifyMergePlan): Promise<IdentifyMergeView> {
    const { tenantId } = principal;
    const mergeId = plan.mergeId.toHexString();
    const earlier = await this.merges.findById(tenantId, mergeId);
    if (earlier) return viewOf(earlier);
    const [actorId, role, kind] =
      principal.kind === 'connector'
        ? [principal.keyId, undefined, 'connector' as const]
        : [principal.userId, principal.role, 'user' as const];
    try {
      const request = {
        mergeId: plan.mergeId,
        survivorId: plan.survivorId.toHexString(),
        victimIds: plan.victimIds.map((id) => id.toHexString()),
      };
      return viewOf((await this.starter.start(tenantId, actorId, request, role, kind)).merge);
    } catch (error) {
      if (error instanceof MergeRefusedError) {
        return { id: mergeId, status: 'refused', code: error.code, detail: error.message, ...error.details };
      }
      // A concurrent attempt of the same call wrote the journal first.
      const started = isDuplicateKeyError(error) ? await this.merges.findById(tenantId, mergeId) : null;
      if (!started) throw error;
      return viewOf(started);
    }
  }
}

function viewOf(merge: Stored<Merge>): IdentifyMergeView {
  return { id: merge._id.toHexString(), status: merge.status === 'pending' ? 'running' : merge.status };
}
