import { Injectable, Logger } from '@nestjs/common';
import {
  AuditRepository,
  CustomerOwnershipRepository,
  MOVE_STEPS,
  MoveRepository,
  type Move,
  type MoveStep,
  type Stored,
} from '@app/persistence';
import { SuggestionsProducer } from '@app/queue';
import { RealtimeEmitter } from '@app/realtime';
import { CustomerLocksService } from '../customer-locks.service.js';
import { publishJournalStep } from '../journal-steps.js';
import { userActor } from '../user-actor.js';

/**
 * Runs a move of one conversation (or its undo) from its journal, like a detach: every step is idempotent and
 * recorded when done, so running it again — after a crash, or twice at once — completes it exactly as once. One
 * document moves; its messages hang off it.
 */
@Injectable()
export class MoveExecutorService {
  private readonly logger = new Logger(MoveExecutorService.name);

  constructor(
    private readonly moves: MoveRepository,
    private readonly locks: CustomerLocksService,
    private readonly ownership: CustomerOwnershipRepository,
    private readonly suggestionsQueue: SuggestionsProducer,
    private readonly realtime: RealtimeEmitter,
    private readonly audit: AuditRepository,
  ) {}

  async execute(tenantId: string, moveId: string): Promise<'done' | 'already-done' | 'missing'> {
    const move = await this.moves.findById(tenantId, moveId);
    if (!move || move.status === 'pending' || move.status === 'refused') return 'missing';
    if (move.status === 'done') return 'already-done';
    const last = MOVE_STEPS[MOVE_STEPS.length - 1];
    for (const step of MOVE_STEPS) {
      if (move.completedSteps.includes(step)) continue;
      await this.run(step, move);
      if (step === last) break;
      await this.moves.completeStep(tenantId, move._id, step);
      publishJournalStep({ journal: 'move', undo: Boolean(move.undoes), tenantId, id: moveId, step });
    }
    await this.moves.finish(tenantId, move._id, last);
    const conversationId = move.conversationId.toHexString();
    const fromCustomerId = move.fromCustomerId.toHexString();
    const toCustomerId = move.toCustomerId.toHexString();
    this.realtime.emit(tenantId, 'conversation.updated', { conversationId, customerId: toCustomerId, fromCustomerId });
    for (const customerId of [fromCustomerId, toCustomerId]) {
      await this.suggestionsQueue.checkCustomer(
        { tenantId, customerId, reason: 'conversation.moved' },
        `move-${moveId}-${customerId}`,
      );
    }
    this.logger.log({ moveId, conversationId, fromCustomerId, toCustomerId }, 'move done');
    return 'done';
  }

  private async run(step: MoveStep, move: Stored<Move>): Promise<void> {
    const { tenantId, conversationId, fromCustomerId: from, toCustomerId: to, _id: moveId } = move;
    switch (step) {
      case 'move-conversation':
        await this.ownership.moveWhere('conversations', tenantId, { _id: conversationId }, from, to, { moveId });
        return;
      case 'record-audit':
        // Keyed by the move: a step run again after a crash records nothing twice.
        await this.audit.record({
          tenantId,
          type: 'conversation.moved',
          key: moveId.toHexString(),
          actor: userActor(move.actorId, move.actorRole),
          trigger: { kind: 'request' },
          customerIds: [from, to],
          before: { customerId: from.toHexString() },
          after: {
            customerId: to.toHexString(),
            moveId: moveId.toHexString(),
            conversationId: conversationId.toHexString(),
            identityId: move.identityId.toHexString(),
            ...(move.undoes ? { undoes: move.undoes.toHexString() } : {}),
            ...(move.reason ? { reason: move.reason } : {}),
            moved: move.moved,
          },
        });
        return;
      case 'release-locks':
        return this.locks.release(tenantId, moveId);
      default:
        throw new Error(`move step ${step as string} has no implementation`);
    }
  }
}
