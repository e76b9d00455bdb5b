import type { DetachRefusal } from '@app/domain';

/** One thing that keeps a detach from being undone cleanly. */
export type DetachUndoObstacle =
  | { reason: 'customer_merged'; customerId: string; mergedInto: string }
  | { reason: 'customer_missing'; customerId: string }
  | { reason: 'identities_held'; customerId: string; identityIds: string[] }
  | { reason: 'conversations_held'; customerId: string; conversations: number }
  | { reason: 'identity_moved'; identityId: string; customerId: string; movedBy: Record<string, string> }
  | {
      reason: 'identifier_owned_elsewhere';
      identifierType: string;
      value: string;
      customerId: string;
      movedBy: Record<string, string>;
    }
  | { reason: 'conversation_moved'; conversationId: string; customerId: string; movedBy: Record<string, string> };

/** Why a detach (or its undo) cannot start; the api maps each to a problem with a stable code. */
export class DetachRefusedError extends Error {
  constructor(
    readonly code:
      | DetachRefusal
      | 'customer_not_found'
      | 'customer_merged'
      | 'customer_busy'
      | 'detach_not_found'
      | 'detach_not_done'
      | 'undo_blocked',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DetachRefusedError';
  }
}
