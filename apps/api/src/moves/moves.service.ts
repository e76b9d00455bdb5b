import { Injectable } from '@nestjs/common';
import type { UserPrincipal } from '@app/auth';
import { notFound } from '@app/http';
import { MoveStarterService } from '@app/identity';
import { MoveRepository } from '@app/persistence';
import { toMoveView } from './move-view.js';
import type { MoveRequestDto, MoveView } from './moves.dto.js';

@Injectable()
export class MovesService {
  constructor(
    private readonly starter: MoveStarterService,
    private readonly moves: MoveRepository,
  ) {}

  async start(actor: UserPrincipal, conversationId: string, dto: MoveRequestDto): Promise<MoveView> {
    const move = await this.starter.start(
      actor.tenantId,
      actor.userId,
      { conversationId, customerId: dto.customerId, reason: dto.reason },
      actor.role,
    );
    return toMoveView(move);
  }

  /** Starts the undo; `finished` when the move's undo had already run (a repeated request is answered with it). */
  async undo(actor: UserPrincipal, moveId: string): Promise<{ undo: MoveView; finished: boolean }> {
    const { move } = await this.starter.undo(actor.tenantId, actor.userId, moveId, actor.role);
    return { undo: toMoveView(move), finished: move.status === 'done' };
  }

  async get(actor: UserPrincipal, id: string): Promise<MoveView> {
    const move = await this.moves.findById(actor.tenantId, id);
    if (!move) throw notFound('move');
    return toMoveView(move);
  }
}
