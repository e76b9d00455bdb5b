import type { CustomerFacts } from '@app/domain';
import type { MergePlan } from '@app/identity';
import type { Merge, Stored } from '@app/persistence';
import type { MergeCustomerView, MergePreview, MergeView } from './merges.dto.js';

export function toMergeView(merge: Stored<Merge>): MergeView {
  return {
    id: merge._id.toHexString(),
    status: merge.status,
    survivorId: merge.survivorId.toHexString(),
    victimIds: merge.victimIds.map((id) => id.toHexString()),
    trigger: merge.trigger,
    suggestionId: merge.suggestionId?.toHexString() ?? null,
    actorId: merge.actorId,
    actorKind: merge.actorKind ?? 'user',
    moved: merge.moved,
    completedSteps: merge.completedSteps,
    createdAt: merge.createdAt.toISOString(),
    finishedAt: merge.finishedAt?.toISOString() ?? null,
    undoId: merge.undoId?.toHexString() ?? null,
    undoneAt: merge.undoneAt?.toISOString() ?? null,
  };
}

function toMergeCustomer(customer: CustomerFacts): MergeCustomerView {
  return {
    id: customer.id,
    name: customer.name ?? null,
    kind: customer.kind,
    createdAt: customer.createdAt.toISOString(),
    lastActiveAt: customer.lastActiveAt?.toISOString() ?? null,
  };
}

export function toMergePreview(plan: MergePlan): MergePreview {
  const { result } = plan;
  return {
    survivor: toMergeCustomer(plan.survivor),
    victims: plan.victims.map(toMergeCustomer),
    moves: plan.moves,
    result: {
      name: result.name ?? null,
      kind: result.kind,
      contactData: result.contactData.map(({ type, value, grantsAccess }) => ({ type, value, grantsAccess })),
      uniqueIdentifiers: result.uniqueIdentifiers.map(({ type, value }) => ({ type, value })),
      lastActiveAt: result.lastActiveAt?.toISOString() ?? null,
    },
    conflicts: plan.conflicts.map(({ field, values }) => ({ field, values: values.map((value) => ({ ...value })) })),
    blocks: plan.blocks,
    warnings: plan.warnings.map(({ code, customerIds, lastActiveAt }) => ({
      code,
      customerIds: [...customerIds],
      lastActiveAt: lastActiveAt.map((at) => at.toISOString()),
    })),
    mergeable: plan.blocks.length === 0,
  };
}
