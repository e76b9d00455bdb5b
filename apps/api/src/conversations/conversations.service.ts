import { Injectable } from '@nestjs/common';
import type { UserPrincipal } from '@app/auth';
import { notFound } from '@app/http';
import { ConversationRepository, mapPage, MessageRepository } from '@app/persistence';
import type { MessageList, MessagesQueryDto } from './conversations.dto.js';
import { toMessageView } from './conversation-view.js';
import { pageRequest } from '../paging/page-query.dto.js';

@Injectable()
export class ConversationsService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
  ) {}

  async messagesOf(actor: UserPrincipal, id: string, query: MessagesQueryDto): Promise<MessageList> {
    const page = pageRequest(query, true);
    const conversation = await this.conversations.findById(actor.tenantId, id);
    if (!conversation) throw notFound('conversation');
    const direction = query.order === 'desc' ? -1 : 1;
    const messages = await this.messages.pageOfConversation(actor.tenantId, conversation._id, direction, page);
    return mapPage(messages, toMessageView);
  }
}
