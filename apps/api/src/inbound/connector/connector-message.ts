import type { ChannelKind } from '@app/domain';
import type { InboundMessage } from '@app/channels';
import type { ConnectorMessageDto } from './connector-message.dto.js';

/** A connector's normalized message as the worker takes every inbound message. */
export function connectorMessage(kind: ChannelKind, dto: ConnectorMessageDto, receivedAt: Date): InboundMessage {
  const { address, sessionId, name } = dto.from;
  return {
    type: 'message',
    channelKind: kind,
    externalId: dto.externalId,
    from: { address, sessionId, name },
    text: dto.text,
    attachments: (dto.attachments ?? []).map(({ url, contentType, name }) => ({ url, contentType, name })),
    messageType: 'text',
    sentAt: new Date(dto.sentAt ?? receivedAt).toISOString(),
    threadHint: dto.threadHint,
  };
}
