import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { Types } from 'mongoose';
import { UnusableSenderError } from '@app/domain';
import type { InboundMessage, InboundStatus } from '@app/channels';
import {
  ConversationRepository,
  IdentityRepository,
  MessageRepository,
  MessageStatusRepository,
} from '@app/persistence';
import { SuggestionsProducer, type InboundJob } from '@app/queue';
import { RealtimeEmitter } from '@app/realtime';
import { ConversationResolverService } from './conversation-resolver.service.js';
import { DeliveryOwnerService } from './delivery-owner.service.js';
import { IdentityResolverService } from './identity-resolver.service.js';

export type IngestOutcome =
  | { outcome: 'stored'; customerId: string; conversationId: string; messageId: string; customerCreated: boolean }
  | { outcome: 'duplicate' }
  | { outcome: 'status'; applied: boolean };

/**
 * The worker's half of every inbound path: identity, customer, conversation and message, each step idempotent so
 * a retried job (or a provider's redelivery) finishes what a failed attempt started and stores nothing twice.
 */
@Injectable()
export class InboundIngestionService {
  private readonly logger = new Logger(InboundIngestionService.name);

  constructor(
    private readonly identities: IdentityResolverService,
    private readonly conversations: ConversationResolverService,
    private readonly owners: DeliveryOwnerService,
    private readonly identityRepository: IdentityRepository,
    private readonly conversationRepository: ConversationRepository,
    private readonly messages: MessageRepository,
    private readonly statuses: MessageStatusRepository,
    private readonly suggestions: SuggestionsProducer,
    private readonly realtime: RealtimeEmitter,
  ) {}

  async ingest({ tenantId, channelId, event }: InboundJob): Promise<IngestOutcome> {
    return event.type === 'status'
      ? this.applyStatus(tenantId, channelId, event)
      : this.storeMessage(tenantId, channelId, event);
  }

  private async storeMessage(tenantId: string, channelId: string, message: InboundMessage): Promise<IngestOutcome> {
    const sentAt = new Date(message.sentAt);
    const identity = await this.resolveIdentity(tenantId, channelId, message);
    const { conversation, opened } = await this.conversations.resolve(tenantId, channelId, identity, message, sentAt);
    const stored = await this.messages.insertUnlessKnown({
      tenantId,
      conversationId: conversation._id,
      channelId: new Types.ObjectId(channelId),
      direction: 'inbound',
      externalId: message.externalId,
      sentAt,
      messageType: message.messageType,
      text: message.text,
      attachments: message.attachments,
      ...(message.truncated ? { truncated: true, originalSize: message.originalSize } : {}),
      location: message.location,
      contacts: message.contacts,
      reaction: message.reaction,
      choice: message.choice,
      replyTo: message.replyTo,
      system: message.system,
      email: message.email,
      providerErrors: message.errors,
      raw: message.raw,
    });
    const { customerId, created: customerCreated } = await this.owners.recordActivity(
      tenantId,
      { identity, conversation, opened },
      sentAt,
      { name: message.from.name },
    );
    if (customerCreated) this.realtime.emit(tenantId, 'customer.created', { customerId: customerId.toHexString() });
    if (identity.checkPending) {
      await this.suggestions.checkCustomer(
        { tenantId, customerId: customerId.toHexString(), reason: 'identity.added' },
        `identity-${identity._id.toHexString()}`,
      );
      await this.identityRepository.markChecked(tenantId, identity._id);
    }
    if (!stored) return { outcome: 'duplicate' };
    await this.conversationRepository.countMessage(tenantId, conversation._id);
    const ids = {
      customerId: customerId.toHexString(),
      conversationId: conversation._id.toHexString(),
      messageId: stored._id.toHexString(),
    };
    this.realtime.emit(tenantId, 'message.received', ids);
    return { outcome: 'stored', ...ids, customerCreated };
  }

  private async resolveIdentity(tenantId: string, channelId: string, message: InboundMessage) {
    try {
      return await this.identities.resolve(tenantId, channelId, message);
    } catch (error) {
      if (!(error instanceof UnusableSenderError)) throw error;
      // Retrying cannot make the address usable; the job stays in the failed set for an admin to see.
      this.logger.warn({ channelId, externalId: message.externalId, reason: error.reason }, 'unusable sender');
      throw new UnrecoverableError(error.reason);
    }
  }

  private async applyStatus(tenantId: string, channelId: string, status: InboundStatus): Promise<IngestOutcome> {
    const applied = await this.statuses.advance(tenantId, {
      channelId: new Types.ObjectId(channelId),
      externalId: status.externalId,
      status: status.status,
      at: new Date(status.at),
      providerErrors: status.errors,
    });
    if (applied) await this.announceStatus(tenantId, channelId, status);
    return { outcome: 'status', applied };
  }

  /**
   * Tells the consoles that one of our messages moved on. A status that comes before the reply's sender recorded the
   * provider's id finds no message yet; the sender then announces the latest status itself.
   */
  private async announceStatus(tenantId: string, channelId: string, status: InboundStatus): Promise<void> {
    const message = await this.messages.findByExternalId(tenantId, new Types.ObjectId(channelId), status.externalId);
    if (!message) return;
    const conversation = await this.conversationRepository.findById(tenantId, message.conversationId.toHexString());
    if (!conversation) return;
    const error = status.status === 'failed' ? providerError(status.errors) : undefined;
    this.realtime.emit(tenantId, 'message.updated', {
      customerId: conversation.customerId.toHexString(),
      conversationId: conversation._id.toHexString(),
      messageId: message._id.toHexString(),
      status: status.status,
      ...(error ? { error } : {}),
    });
  }
}

/** The first error a provider's status names, as the console shows it (code and words). */
function providerError(errors: unknown[] | undefined): { code?: string; message: string } | undefined {
  const first = errors?.[0];
  if (typeof first !== 'object' || first === null) return undefined;
  const { code, message, title } = first as Record<string, unknown>;
  const words = typeof message === 'string' ? message : typeof title === 'string' ? title : 'delivery failed';
  return { ...(code !== undefined ? { code: String(code) } : {}), message: words };
}
