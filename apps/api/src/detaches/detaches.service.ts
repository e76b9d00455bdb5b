import { Injectable } from '@nestjs/common';
import type { UserPrincipal } from '@app/auth';
import { notFound } from '@app/http';
import { DetachStarterService } from '@app/identity';
import { DetachRepository } from '@app/persistence';
import { toDetachView } from './detach-view.js';
import type { DetachRequestDto, DetachView } from './detaches.dto.js';

@Injectable()
export class DetachesService {
  constructor(
    private readonly starter: DetachStarterService,
    private readonly detaches: DetachRepository,
  ) {}

  async start(
    actor: UserPrincipal,
    customerId: string,
    identityId: string,
    dto: DetachRequestDto,
  ): Promise<DetachView> {
    const detach = await this.starter.start(
      actor.tenantId,
      actor.userId,
      { customerId, identityId, reason: dto.reason },
      actor.role,
    );
    return toDetachView(detach);
  }

  /** Starts the undo; `finished` when the detach's undo had already run (a repeated request is answered with it). */
  async undo(actor: UserPrincipal, detachId: string): Promise<{ undo: DetachView; finished: boolean }> {
    const { detach } = await this.starter.undo(actor.tenantId, actor.userId, detachId, actor.role);
    return { undo: toDetachView(detach), finished: detach.status === 'done' };
  }

  async getUndo(actor: UserPrincipal, detachId: string): Promise<DetachView> {
    const detach = await this.detaches.findById(actor.tenantId, detachId);
    const undo = detach?.undoneBy ? await this.detaches.findById(actor.tenantId, detach.undoneBy.toHexString()) : null;
    if (!undo || undo.status === 'refused') throw notFound('undo');
    return toDetachView(undo);
  }

  async get(actor: UserPrincipal, id: string): Promise<DetachView> {
    const detach = await this.detaches.findById(actor.tenantId, id);
    if (!detach) throw notFound('detach');
    return toDetachView(detach);
  }
}
