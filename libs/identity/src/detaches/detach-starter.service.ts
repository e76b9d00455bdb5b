import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { detachRefusal, planDetach } from '@app/domain';
import {
  ConversationRepository,
  CustomerOwnershipRepository,
  CustomerRepository,
  DetachRepository,
  IdentityRepository,
  parseObjectId,
  type Detach,
  type DetachIntent,
  type Stored,
} from '@app/persistence';
import { DetachesProducer } from '@app/queue';
import { toCustomerFacts } from '../customer-facts.service.js';
import { whereNow } from '../moved-away.js';
import { CustomerLocksService } from '../customer-locks.service.js';
import { DetachRefusedError, type DetachUndoObstacle } from './detach-errors.js';

/** At most this many documents of each kind are listed as obstacles of an undo. */
const OBSTACLES_LISTED = 20;

export interface DetachRequest {
  customerId: string;
  identityId: string;
  reason?: string;
}

interface DetachPlanned {
  intent: DetachIntent;
  moved: Record<string, number>;
}

/**
 * Starts a detach (DOMAIN §5) as merges start: the journal first (with the new customer's id, so a resumed run
 * creates that same customer), then the locks of both customers, then the plan — made only once no merge or detach
 * can change the customer — and the worker runs the steps.
 */
@Injectable()
export class DetachStarterService {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly identities: IdentityRepository,
    private readonly conversations: ConversationRepository,
    private readonly detaches: DetachRepository,
    private readonly locks: CustomerLocksService,
    private readonly producer: DetachesProducer,
    private readonly ownership: CustomerOwnershipRepository,
  ) {}

  async start(tenantId: string, actorId: string, request: DetachRequest, actorRole?: string): Promise<Stored<Detach>> {
    // A malformed id names nothing, like one that does not exist: refused before any write.
    const fromCustomerId = parseObjectId(request.customerId);
    if (!fromCustomerId) throw customerNotFound(request.customerId);
    const identityId = parseObjectId(request.identityId);
    if (!identityId) throw identityNotFound(request);
    const detachId = new Types.ObjectId();
    const toCustomerId = new Types.ObjectId();
    const created = await this.detaches.create({
      _id: detachId,
      tenantId,
      identityId,
      fromCustomerId,
      toCustomerId,
      actorId,
      ...(actorRole ? { actorRole } : {}),
      ...(request.reason ? { reason: request.reason } : {}),
    });
    return this.lockPlanAndRun(tenantId, created, [fromCustomerId, toCustomerId], () =>
      this.plan(tenantId, request, fromCustomerId, identityId, toCustomerId),
    );
  }

  /**
   * The undo of a detach, running; `repeated` when an earlier undo claimed the detach, which is answered. The undo is
   * a detach journal from the detached customer back to the source (`undoes`), claimed on the detach (`undoneBy`) so
   * that a detach is undone once, as a move's undo is a move.
   */
  async undo(
    tenantId: string,
    actorId: string,
    detachId: string,
    actorRole?: string,
  ): Promise<{ detach: Stored<Detach>; repeated: boolean }> {
    const detach = parseObjectId(detachId) ? await this.detaches.findById(tenantId, detachId) : null;
    // An undo is not itself undone here (detach the identity again instead).
    if (!detach || detach.undoes)
      throw new DetachRefusedError('detach_not_found', `no detach ${detachId}`, { detachId });
    const earlier = await this.claimant(tenantId, detach);
    if (earlier) return { detach: earlier, repeated: true };
    if (detach.status !== 'done' || !detach.intent) {
      throw new DetachRefusedError('detach_not_done', `detach ${detachId} is ${detach.status}, not done`, {
        detachId,
        detachStatus: detach.status,
      });
    }
    const undoId = new Types.ObjectId();
    const created = await this.detaches.create({
      _id: undoId,
      tenantId,
      identityId: detach.identityId,
      fromCustomerId: detach.toCustomerId,
      toCustomerId: detach.fromCustomerId,
      actorId,
      ...(actorRole ? { actorRole } : {}),
      undoes: detach._id,
    });
    if (!(await this.detaches.claimUndo(tenantId, detach._id, undoId, detach.undoneBy))) {
      await this.detaches.setStatus(tenantId, undoId, 'pending', 'refused');
      const winner = await this.claimant(tenantId, await this.detaches.findById(tenantId, detachId));
      if (winner) return { detach: winner, repeated: true };
      throw new DetachRefusedError('customer_busy', `another undo of detach ${detachId} is starting`, { detachId });
    }
    const intent = detach.intent;
    const undo = await this.lockPlanAndRun(tenantId, created, [detach.toCustomerId, detach.fromCustomerId], () =>
      this.planUndo(tenantId, detach as Stored<Detach> & { intent: DetachIntent }, intent),
    );
    return { detach: undo, repeated: false };
  }

  /** The undo that claimed the detach, unless it was refused (then the claim is free to take over). */
  private async claimant(tenantId: string, detach: Stored<Detach> | null): Promise<Stored<Detach> | undefined> {
    if (!detach?.undoneBy) return undefined;
    const undo = await this.detaches.findById(tenantId, detach.undoneBy.toHexString());
    return undo && undo.status !== 'refused' ? undo : undefined;
  }

  /**
   * Locks the customers, plans under the locks (a refusal gives them back), journals the plan and hands it over;
   * answers the journal as written, without reading it again.
   */
  private async lockPlanAndRun(
    tenantId: string,
    created: Stored<Detach>,
    customerIds: Types.ObjectId[],
    plan: () => Promise<DetachPlanned>,
  ): Promise<Stored<Detach>> {
    const detachId = created._id;
    const holders = await this.locks.acquire(tenantId, 'detach', detachId, customerIds);
    if (holders) {
      await this.detaches.setStatus(tenantId, detachId, 'pending', 'refused');
      throw new DetachRefusedError('customer_busy', 'a merge, detach, undo or move of this customer is running', {
        ...holders,
      });
    }
    let planned: DetachPlanned;
    try {
      planned = await plan();
    } catch (error) {
      await this.locks.release(tenantId, detachId);
      await this.detaches.setStatus(tenantId, detachId, 'pending', 'refused');
      throw error;
    }
    await this.detaches.startRunning(tenantId, detachId, planned.intent, planned.moved);
    await this.producer.execute({ tenantId, detachId: detachId.toHexString() });
    return { ...created, ...planned, status: 'running' };
  }

  /**
   * What the undo takes back, once its locks are held: the detach's own intent, refused with every obstacle when the
   * detached customer is no longer only what the detach made of it (merged away, holding other identities or
   * conversations) or what the detach moved has moved on since.
   */
  private async planUndo(tenantId: string, detach: Stored<Detach>, intent: DetachIntent): Promise<DetachPlanned> {
    const { _id: detachId, identityId, fromCustomerId: sourceId, toCustomerId: detachedId } = detach;
    const [detached, source, identities, held, own, identitiesAway, conversationsAway, ownersAway] = await Promise.all([
      this.customers.findById(tenantId, detachedId.toHexString()),
      this.customers.findById(tenantId, sourceId.toHexString()),
      this.identities.findByCustomers(tenantId, [detachedId]),
      this.conversations.totalsOfCustomers(tenantId, [detachedId]),
      this.conversations.totalsOfIdentity(tenantId, detachedId, identityId),
      this.ownership.movedAwayFrom('identities', tenantId, { detachId }, detachedId, OBSTACLES_LISTED),
      this.ownership.movedAwayFrom('conversations', tenantId, { detachId }, detachedId, OBSTACLES_LISTED),
      this.ownership.movedAwayFrom('identifier_owners', tenantId, { detachId }, detachedId, OBSTACLES_LISTED),
    ]);
    const obstacles: DetachUndoObstacle[] = [];
    for (const [customer, id] of [
      [detached, detachedId],
      [source, sourceId],
    ] as const) {
      if (!customer) obstacles.push({ reason: 'customer_missing', customerId: id.toHexString() });
      else if (customer.mergedInto) {
        obstacles.push({
          reason: 'customer_merged',
          customerId: id.toHexString(),
          mergedInto: customer.mergedInto.toHexString(),
        });
      }
    }
    const others = identities.filter((identity) => !identity._id.equals(identityId));
    if (others.length > 0) {
      obstacles.push({
        reason: 'identities_held',
        customerId: detachedId.toHexString(),
        identityIds: others.map((identity) => identity._id.toHexString()),
      });
    }
    if (held.conversations > own.conversations) {
      obstacles.push({
        reason: 'conversations_held',
        customerId: detachedId.toHexString(),
        conversations: held.conversations - own.conversations,
      });
    }
    obstacles.push(
      ...identitiesAway.map((away) => ({
        reason: 'identity_moved' as const,
        identityId: away.id.toHexString(),
        ...whereNow(away),
      })),
      ...ownersAway.map((away) => ({
        reason: 'identifier_owned_elsewhere' as const,
        identifierType: String(away.identifier?.type),
        value: String(away.identifier?.value),
        ...whereNow(away),
      })),
      ...conversationsAway.map((away) => ({
        reason: 'conversation_moved' as const,
        conversationId: away.id.toHexString(),
        ...whereNow(away),
      })),
    );
    if (obstacles.length > 0) {
      throw new DetachRefusedError('undo_blocked', `detach ${detachId.toHexString()} cannot be undone cleanly`, {
        detachId: detachId.toHexString(),
        obstacles,
      });
    }
    return {
      intent,
      moved: {
        identities: 1,
        conversations: own.conversations,
        messages: own.messages,
        contactData: intent.contactData.length,
      },
    };
  }

  private async plan(
    tenantId: string,
    request: DetachRequest,
    fromCustomerId: Types.ObjectId,
    identityId: Types.ObjectId,
    toCustomerId: Types.ObjectId,
  ): Promise<DetachPlanned> {
    const [customer, identities, totals] = await Promise.all([
      this.customers.findById(tenantId, request.customerId),
      this.identities.findByCustomers(tenantId, [fromCustomerId]),
      this.conversations.totalsOfIdentity(tenantId, fromCustomerId, identityId),
    ]);
    if (!customer) throw customerNotFound(request.customerId);
    if (customer.mergedInto) {
      throw new DetachRefusedError('customer_merged', `customer ${request.customerId} was merged into another`, {
        customerId: request.customerId,
        survivorId: customer.mergedInto.toHexString(),
      });
    }
    const source = toCustomerFacts(customer, identities);
    const refusal = detachRefusal(source, request.identityId);
    if (refusal === 'identity_not_found') throw identityNotFound(request);
    if (refusal === 'only_identity') {
      throw new DetachRefusedError('only_identity', 'a customer’s only identity cannot be detached', {
        customerId: request.customerId,
        identityId: request.identityId,
      });
    }
    const identity = identities.find((held) => held._id.equals(identityId));
    const plan = planDetach(source, request.identityId, {
      customerId: toCustomerId.toHexString(),
      profileName: identity?.profileName,
    });
    // As the customer stored them: the way each value was written goes along.
    const contactData = customer.contactData.filter((held) =>
      plan.contactData.some((datum) => datum.type === held.type && datum.value === held.value),
    );
    // An unverified identity claimed no identifier: the owner record of its address is someone else's.
    const { identifierType, address } = plan.identity.unverified ? {} : plan.identity;
    return {
      intent: {
        ...(plan.name ? { name: plan.name } : {}),
        ...(totals.lastMessageAt ? { lastActiveAt: totals.lastMessageAt } : {}),
        ...(identifierType && address ? { identifier: { type: identifierType, value: address } } : {}),
        contactData,
        sourceKeepsContactData: plan.sourceKeepsContactData,
        separation: plan.separation.map(({ rule, values, score }) => ({ rule, values: [...values], score })),
        leavingValues: plan.leavingValues,
        before: source as unknown as Record<string, unknown>,
      },
      moved: {
        identities: 1,
        conversations: totals.conversations,
        messages: totals.messages,
        contactData: contactData.length,
      },
    };
  }
}

const customerNotFound = (customerId: string) =>
  new DetachRefusedError('customer_not_found', `no customer ${customerId}`, { customerId });

const identityNotFound = ({ customerId, identityId }: DetachRequest) =>
  new DetachRefusedError('identity_not_found', `customer ${customerId} has no identity ${identityId}`, {
    customerId,
    identityId,
  });
