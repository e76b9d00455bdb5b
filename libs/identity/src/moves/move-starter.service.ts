import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import {
  ConversationRepository,
  CustomerRepository,
  MoveRepository,
  parseObjectId,
  type Conversation,
  type Move,
  type Stored,
} from '@app/persistence';
import { MovesProducer } from '@app/queue';
import { CustomerLocksService } from '../customer-locks.service.js';
import { MoveRefusedError, type MoveUndoObstacle } from './move-errors.js';

export interface MoveRequest {
  conversationId: string;
  customerId: string;
  reason?: string;
}

/** The journal that moved a document last, as its trail records it (`moveId`, `mergeId`, …). */
function lastMove(conversation: Stored<Conversation>): Record<string, string> {
  const trail = (conversation as { mergeTrail?: Record<string, Types.ObjectId>[] }).mergeTrail ?? [];
  const { from: _from, ...journal } = trail.at(-1) ?? {};
  return Object.fromEntries(Object.entries(journal).map(([key, id]) => [key, id.toHexString()]));
}

/**
 * Starts a move of one conversation (DOMAIN §5) as detaches start: the journal first, then the locks of both
 * customers, then the checks — made once no other journal can change them — and the worker runs the steps. The undo
 * of a move is a move of the same conversation back, claimed on the move it undoes (a move is undone once).
 */
@Injectable()
export class MoveStarterService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly customers: CustomerRepository,
    private readonly moves: MoveRepository,
    private readonly locks: CustomerLocksService,
    private readonly producer: MovesProducer,
  ) {}

  async start(tenantId: string, actorId: string, request: MoveRequest, actorRole?: string): Promise<Stored<Move>> {
    // A malformed id names nothing, like one that does not exist: refused before any write.
    const toCustomerId = parseObjectId(request.customerId);
    if (!parseObjectId(request.conversationId)) throw conversationNotFound(request.conversationId);
    const conversation = await this.conversations.findById(tenantId, request.conversationId);
    if (!conversation) throw conversationNotFound(request.conversationId);
    if (!toCustomerId) throw customerNotFound(request.customerId);
    if (conversation.customerId.equals(toCustomerId)) {
      throw new MoveRefusedError('same_customer', 'the conversation is already this customer’s', {
        conversationId: request.conversationId,
        customerId: request.customerId,
      });
    }
    const moveId = new Types.ObjectId();
    await this.moves.create({
      _id: moveId,
      tenantId,
      conversationId: conversation._id,
      identityId: conversation.identityId,
      fromCustomerId: conversation.customerId,
      toCustomerId,
      actorId,
      ...(actorRole ? { actorRole } : {}),
      ...(request.reason ? { reason: request.reason } : {}),
    });
    return this.lockCheckAndRun(tenantId, moveId, conversation.customerId, toCustomerId, async () => {
      const [target, now] = await Promise.all([
        this.customers.findById(tenantId, request.customerId),
        this.conversations.findById(tenantId, request.conversationId),
      ]);
      if (!target) throw customerNotFound(request.customerId);
      if (target.mergedInto) {
        throw new MoveRefusedError('customer_merged', `customer ${request.customerId} was merged into another`, {
          customerId: request.customerId,
          survivorId: target.mergedInto.toHexString(),
        });
      }
      // Moved by another journal between the first read and the locks: the supervisor saw another owner.
      if (!now || !now.customerId.equals(conversation.customerId)) {
        throw new MoveRefusedError('conversation_moved', 'the conversation changed customers meanwhile', {
          conversationId: request.conversationId,
          ...(now ? { customerId: now.customerId.toHexString() } : {}),
        });
      }
      return { conversations: 1, messages: now.messageCount };
    });
  }

  /** The undo of a move, running; `repeated` when an earlier undo claimed the move, which is answered. */
  async undo(
    tenantId: string,
    actorId: string,
    moveId: string,
    actorRole?: string,
  ): Promise<{ move: Stored<Move>; repeated: boolean }> {
    const move = await this.moves.findById(tenantId, moveId);
    if (!move) throw new MoveRefusedError('move_not_found', `no move ${moveId}`, { moveId });
    const earlier = await this.claimant(tenantId, move);
    if (earlier) return { move: earlier, repeated: true };
    if (move.status !== 'done') {
      throw new MoveRefusedError('move_not_done', `move ${moveId} is ${move.status}, not done`, {
        moveId,
        moveStatus: move.status,
      });
    }
    const undoId = new Types.ObjectId();
    await this.moves.create({
      _id: undoId,
      tenantId,
      conversationId: move.conversationId,
      identityId: move.identityId,
      fromCustomerId: move.toCustomerId,
      toCustomerId: move.fromCustomerId,
      actorId,
      ...(actorRole ? { actorRole } : {}),
      undoes: move._id,
    });
    if (!(await this.moves.claimUndo(tenantId, move._id, undoId, move.undoneBy))) {
      await this.moves.setStatus(tenantId, undoId, 'pending', 'refused');
      const winner = await this.claimant(tenantId, await this.moves.findById(tenantId, moveId));
      if (winner) return { move: winner, repeated: true };
      throw new MoveRefusedError('customer_busy', `another undo of move ${moveId} is starting`, { moveId });
    }
    const undo = await this.lockCheckAndRun(tenantId, undoId, move.toCustomerId, move.fromCustomerId, async () => {
      const obstacles = await this.undoObstacles(tenantId, move);
      if (obstacles.length > 0) {
        throw new MoveRefusedError('undo_blocked', `move ${moveId} cannot be undone cleanly`, { moveId, obstacles });
      }
      const conversation = await this.conversations.findById(tenantId, move.conversationId.toHexString());
      return { conversations: 1, messages: conversation?.messageCount ?? 0 };
    });
    return { move: undo, repeated: false };
  }

  /** What keeps the conversation from going back: it left the customer it was moved to, or its first owner is gone. */
  private async undoObstacles(tenantId: string, move: Stored<Move>): Promise<MoveUndoObstacle[]> {
    const [conversation, owner] = await Promise.all([
      this.conversations.findById(tenantId, move.conversationId.toHexString()),
      this.customers.findById(tenantId, move.fromCustomerId.toHexString()),
    ]);
    const obstacles: MoveUndoObstacle[] = [];
    const movedBy = conversation ? lastMove(conversation) : {};
    if (
      conversation &&
      (!conversation.customerId.equals(move.toCustomerId) || movedBy.moveId !== move._id.toHexString())
    ) {
      obstacles.push({
        reason: 'conversation_moved',
        conversationId: conversation._id.toHexString(),
        customerId: conversation.customerId.toHexString(),
        movedBy,
      });
    }
    const fromCustomerId = move.fromCustomerId.toHexString();
    if (!owner) obstacles.push({ reason: 'customer_missing', customerId: fromCustomerId });
    else if (owner.mergedInto) {
      obstacles.push({
        reason: 'customer_merged',
        customerId: fromCustomerId,
        mergedInto: owner.mergedInto.toHexString(),
      });
    }
    return obstacles;
  }

  /** The undo that claimed the move, unless it was refused (then the claim is free to take over). */
  private async claimant(tenantId: string, move: Stored<Move> | null): Promise<Stored<Move> | undefined> {
    if (!move?.undoneBy) return undefined;
    const undo = await this.moves.findById(tenantId, move.undoneBy.toHexString());
    return undo && undo.status !== 'refused' ? undo : undefined;
  }

  /** Locks both customers, checks under the locks, journals the counts and hands the move to the worker. */
  private async lockCheckAndRun(
    tenantId: string,
    moveId: Types.ObjectId,
    fromCustomerId: Types.ObjectId,
    toCustomerId: Types.ObjectId,
    check: () => Promise<Record<string, number>>,
  ): Promise<Stored<Move>> {
    const holders = await this.locks.acquire(tenantId, 'move', moveId, [fromCustomerId, toCustomerId]);
    if (holders) {
      await this.moves.setStatus(tenantId, moveId, 'pending', 'refused');
      throw new MoveRefusedError('customer_busy', 'a merge, detach, undo or move of these customers is running', {
        ...holders,
      });
    }
    let moved: Record<string, number>;
    try {
      moved = await check();
    } catch (error) {
      await this.locks.release(tenantId, moveId);
      await this.moves.setStatus(tenantId, moveId, 'pending', 'refused');
      throw error;
    }
    await this.moves.startRunning(tenantId, moveId, moved);
    await this.producer.execute({ tenantId, moveId: moveId.toHexString() });
    const move = await this.moves.findById(tenantId, moveId.toHexString());
    if (!move) throw new Error(`move ${moveId.toHexString()} vanished`);
    return move;
  }
}

const conversationNotFound = (conversationId: string) =>
  new MoveRefusedError('conversation_not_found', `no conversation ${conversationId}`, { conversationId });

const customerNotFound = (customerId: string) =>
  new MoveRefusedError('customer_not_found', `no customer ${customerId}`, { customerId });
