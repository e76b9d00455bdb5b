import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, MinRole, type UserPrincipal } from '@app/auth';
import { MessageList, MessagesQueryDto, MessageView } from './conversations.dto.js';
import { ConversationsService } from './conversations.service.js';
import { SendReplyDto } from './replies.dto.js';
import { RepliesService } from './replies.service.js';

@ApiTags('conversations')
@ApiBearerAuth()
@MinRole('agent')
@Controller('api/v1/conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly replies: RepliesService,
  ) {}

  @Get(':id/messages')
  @ApiOkResponse({
    type: MessageList,
    description: 'Ordered by provider time (sentAt, then id); ascending unless asked',
  })
  @ApiBadRequestResponse({ description: '`invalid_cursor` or `validation_failed`' })
  @ApiNotFoundResponse({ description: '`not_found`: no such conversation in this tenant' })
  messages(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') id: string,
    @Query() query: MessagesQueryDto,
  ): Promise<MessageList> {
    return this.conversations.messagesOf(actor, id, query);
  }

  @Get(':id/messages/:messageId/attachments/:n')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The bytes of attachment `n` (from 0) of the message, with its content type and name' })
  @ApiBadRequestResponse({ description: '`validation_failed`: `n` is not a number' })
  @ApiNotFoundResponse({
    description: '`not_found`: no such conversation, message or stored attachment in this tenant',
  })
  async attachment(
    @CurrentUser() actor: UserPrincipal,
    @Param('id') id: string,
    @Param('messageId') messageId: string,
    @Param('n', ParseIntPipe) index: number,
  ): Promise<StreamableFile> {
    const { content, contentType, name } = await this.conversations.attachmentOf(actor, id, messageId, index);
    // Always a download: an attachment is the sender's content, never a page of ours to render.
    return new StreamableFile(content, {
      type: contentType,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(name ?? `attachment-${index}`)}`,
      length: content.length,
    });
  }

  @Post(':id/messages')
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: MessageView,
    description:
      'The reply, `queued`: the worker sends it through the conversation’s own channel and identity; ' +
      '`message.updated` follows as it is sent, delivered, read, or fails with the provider’s error',
  })
  @ApiBadRequestResponse({
    description: '`validation_failed`, `empty_reply`, `template_not_supported` (not WhatsApp), `too_many_attachments`',
  })
  @ApiNotFoundResponse({ description: '`not_found`: no such conversation in this tenant' })
  @ApiConflictResponse({
    description:
      '`whatsapp_window_closed` (with `serviceWindowExpiresAt`, `remedy: "template"`): a free-form WhatsApp reply more ' +
      'than 24 hours after the customer’s last message; `channel_cannot_reply`: the channel lacks its credentials',
  })
  reply(@CurrentUser() actor: UserPrincipal, @Param('id') id: string, @Body() dto: SendReplyDto): Promise<MessageView> {
    return this.replies.reply(actor, id, dto);
  }
}
