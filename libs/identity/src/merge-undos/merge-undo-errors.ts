/** One thing that keeps a merge from being undone cleanly. */
export type UndoObstacle =
  | { reason: 'survivor_merged'; survivorId: string; mergedInto: string }
  | { reason: 'identity_moved'; identityId: string; customerId: string; movedBy: Record<string, string> }
  | {
      reason: 'identifier_owned_elsewhere';
      identifierType: string;
      value: string;
      customerId: string;
      movedBy: Record<string, string>;
    }
  | { reason: 'conversation_moved'; conversationId: string; customerId: string; movedBy: Record<string, string> };

/** Why an undo cannot start; the api maps each to a problem with a stable code. */
export class UndoRefusedError extends Error {
  constructor(
    readonly code: 'merge_not_found' | 'merge_not_done' | 'undo_blocked' | 'customer_busy',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'UndoRefusedError';
  }
}

export const undoBlocked = (mergeId: string, obstacles: UndoObstacle[]): UndoRefusedError =>
  new UndoRefusedError('undo_blocked', `merge ${mergeId} cannot be undone cleanly`, { mergeId, obstacles });
