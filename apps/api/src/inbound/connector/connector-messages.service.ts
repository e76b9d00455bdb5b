import { Injectable } from '@nestjs/common';
import type { ConnectorPrincipal } from '@app/auth';
import { CONNECTOR_KINDS } from '@app/channels';
import { notFound } from '@app/http';
import { InboundProducer } from '@app/queue';
import { inboundJobs } from '../ingress-channel.js';
import { IngressChannelsService } from '../ingress-channels.service.js';
import { connectorMessage } from './connector-message.js';
import type { AcceptedMessageView, ConnectorMessageDto } from './connector-message.dto.js';

@Injectable()
export class ConnectorMessagesService {
  constructor(
    private readonly channels: IngressChannelsService,
    private readonly producer: InboundProducer,
  ) {}

  /** The guard has matched the key to the route's channel; its tenant is checked again against the channel's. */
  async accept(principal: ConnectorPrincipal, dto: ConnectorMessageDto): Promise<AcceptedMessageView> {
    const channel = await this.channels.find(principal.channelId);
    if (!channel || channel.tenantId !== principal.tenantId || !CONNECTOR_KINDS.has(channel.kind)) {
      throw notFound('channel');
    }
    const receivedAt = new Date();
    // A connector can send any address; only a key an admin marked trusted vouches for it.
    const message = { ...connectorMessage(channel.kind, dto, receivedAt), senderVerified: principal.trusted };
    await this.producer.enqueue(inboundJobs(channel, [message], receivedAt));
    return { accepted: true, externalId: dto.externalId };
  }
}
