import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { detachRefusal, planDetach } from '@app/domain';
import {
  ConversationRepository,
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
import { CustomerLocksService } from '../customer-locks.service.js';
import { DetachRefusedError } from './detach-errors.js';

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
  ) {}

  async start(tenantId: string, actorId: string, request: DetachRequest): Promise<Stored<Detach>> {
    // A malformed id names nothing, like one that does not exist: refused before any write.
    const fromCustomerId = parseObjectId(request.customerId);
    if (!fromCustomerId) throw customerNotFound(request.customerId);
    const identityId = parseObjectId(request.identityId);
    if (!identityId) throw identityNotFound(request);
    const detachId = new Types.ObjectId();
    const toCustomerId = new Types.ObjectId();
    await this.detaches.create({
      _id: detachId,
      tenantId,
      identityId,
      fromCustomerId,
      toCustomerId,
      actorId,
      ...(request.reason ? { reason: request.reason } : {}),
    });
    const holders = await this.locks.acquire(tenantId, 'detach', detachId, [fromCustomerId, toCustomerId]);
    if (holders) {
      await this.detaches.setStatus(tenantId, detachId, 'pending', 'refused');
      throw new DetachRefusedError('customer_busy', 'a merge or detach of this customer is running', { ...holders });
    }
    let planned: DetachPlanned;
    try {
      planned = await this.plan(tenantId, request, fromCustomerId, identityId, toCustomerId);
    } catch (error) {
      await this.locks.release(tenantId, detachId);
      await this.detaches.setStatus(tenantId, detachId, 'pending', 'refused');
      throw error;
    }
    await this.detaches.startRunning(tenantId, detachId, planned.intent, planned.moved);
    await this.producer.execute({ tenantId, detachId: detachId.toHexString() });
    const detach = await this.detaches.findById(tenantId, detachId.toHexString());
    if (!detach) throw new Error(`detach ${detachId.toHexString()} vanished`);
    return detach;
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
    const { identifierType, address } = plan.identity;
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
