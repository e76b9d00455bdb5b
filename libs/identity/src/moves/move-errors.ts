/** One thing that keeps a move from being undone cleanly. */
export type MoveUndoObstacle =
  | { reason: 'conversation_moved'; conversationId: string; customerId: string; movedBy: Record<string, string> }
  | { reason: 'customer_merged'; customerId: string; mergedInto: string }
  | { reason: 'customer_missing'; customerId: string };

/** Why a move (or its undo) cannot start; the api maps each to a problem with a stable code. */
export class MoveRefusedError extends Error {
  constructor(
    readonly code:
      | 'conversation_not_found'
      | 'customer_not_found'
      | 'customer_merged'
      | 'same_customer'
      | 'conversation_moved'
      | 'customer_busy'
      | 'move_not_found'
      | 'move_not_done'
      | 'undo_blocked',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'MoveRefusedError';
  }
}
