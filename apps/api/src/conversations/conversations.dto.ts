import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../paging/page-query.dto.js';
import { CHANNEL_KINDS, type ChannelKind } from '@app/domain';
import type { ReplyState } from '@app/realtime';

export class ConversationSummary {
  @ApiProperty() id!: string;
  @ApiProperty() customerId!: string;
  @ApiProperty() identityId!: string;
  @ApiProperty() channelId!: string;
  @ApiProperty({ enum: CHANNEL_KINDS }) channelKind!: ChannelKind;
  @ApiProperty({ type: String, nullable: true, description: 'Email subject of the thread' }) subject!: string | null;
  @ApiProperty() lastMessageAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'WhatsApp: free-form replies are allowed until then',
  })
  serviceWindowExpiresAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class ConversationList {
  @ApiProperty({ type: [ConversationSummary] }) items!: ConversationSummary[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export const MESSAGE_ORDERS = ['asc', 'desc'] as const;
export type MessageOrder = (typeof MESSAGE_ORDERS)[number];

export class MessagesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MESSAGE_ORDERS, default: 'asc', description: 'By provider time (sentAt)' })
  @IsOptional()
  @IsIn(MESSAGE_ORDERS)
  order?: MessageOrder;
}

export class MessageEmailView {
  @ApiPropertyOptional() subject?: string;
  @ApiProperty({ type: [String] }) to!: string[];
  @ApiProperty({ type: [String] }) cc!: string[];
}

export class MessageAttachmentView {
  @ApiPropertyOptional({ description: 'Media to fetch from the provider (WhatsApp media id)' })
  providerMediaId?: string;
  @ApiPropertyOptional() url?: string;
  @ApiProperty({ example: 'image/jpeg' }) contentType!: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() sha256?: string;
  @ApiPropertyOptional({ description: 'Bytes' }) size?: number;
  @ApiPropertyOptional({ description: 'An email part’s Content-ID, which its HTML names as `cid:`' })
  contentId?: string;
  @ApiPropertyOptional({
    description: 'Email attachments: the bytes are at `GET …/messages/:messageId/attachments/:n` (n from 0)',
  })
  downloadable?: boolean;
}

export class MessageLocationView {
  @ApiProperty() latitude!: number;
  @ApiProperty() longitude!: number;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() address?: string;
}

export class MessageReactionView {
  @ApiProperty({ description: 'Empty when the reaction was removed' }) emoji!: string;
  @ApiProperty() messageExternalId!: string;
}

export class MessageChoiceView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'What the person saw' }) title!: string;
  @ApiPropertyOptional() description?: string;
}

export class MessageSystemView {
  @ApiProperty({ example: 'user_changed_number' }) kind!: string;
  @ApiPropertyOptional() newAddress?: string;
  @ApiPropertyOptional() body?: string;
}

export const REPLY_STATES = ['queued', 'sent', 'delivered', 'read', 'failed'] as const;

export class MessageErrorView {
  @ApiPropertyOptional({ example: '131047' }) code?: string;
  @ApiProperty({ example: 'HTTP 400: 131047: Re-engagement message' }) message!: string;
}

export class MessageTemplateView {
  @ApiProperty() name!: string;
  @ApiProperty() language!: string;
  @ApiProperty({ type: [String] }) parameters!: string[];
}

export class MessageView {
  @ApiProperty() id!: string;
  @ApiProperty() conversationId!: string;
  @ApiProperty() channelId!: string;
  @ApiProperty({ enum: ['inbound', 'outbound'] }) direction!: 'inbound' | 'outbound';
  @ApiProperty({ description: 'The provider’s message id' }) externalId!: string;
  @ApiProperty({ description: 'The provider’s time; messages are ordered by it' }) sentAt!: string;
  @ApiProperty({ example: 'text' }) messageType!: string;
  @ApiPropertyOptional() text?: string;
  @ApiPropertyOptional({ description: 'The text (or an email’s HTML) was over the limit kept and is cut off' })
  truncated?: boolean;
  @ApiPropertyOptional({ description: 'With `truncated`: the UTF-8 bytes of the longest body before the cut' })
  originalSize?: number;
  @ApiProperty({ type: [MessageAttachmentView] }) attachments!: MessageAttachmentView[];
  @ApiPropertyOptional({ type: MessageLocationView }) location?: MessageLocationView;
  @ApiPropertyOptional({ type: MessageReactionView }) reaction?: MessageReactionView;
  @ApiPropertyOptional({ type: MessageChoiceView, description: 'A tapped button or list row' })
  choice?: MessageChoiceView;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'Shared contact cards' })
  contacts?: unknown[];
  @ApiPropertyOptional({ type: MessageSystemView }) system?: MessageSystemView;
  @ApiPropertyOptional({ description: 'External id of the message this one answers' }) replyTo?: string;
  @ApiPropertyOptional({ type: MessageEmailView }) email?: MessageEmailView;
  @ApiPropertyOptional({
    enum: REPLY_STATES,
    description:
      'Outbound only: how far it went — `queued` until the provider takes an agent’s reply, then the latest status ' +
      'the provider reported (absent on outbound messages we did not send, until the provider reports one)',
  })
  status?: ReplyState;
  @ApiPropertyOptional({ type: MessageErrorView, description: 'A failed reply: the provider’s code and words' })
  error?: MessageErrorView;
  @ApiPropertyOptional({ type: MessageTemplateView, description: 'A WhatsApp template reply' })
  template?: MessageTemplateView;
  @ApiPropertyOptional({ description: 'The agent who wrote this reply' })
  authorId?: string;
}

export class MessageList {
  @ApiProperty({ type: [MessageView] }) items!: MessageView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
