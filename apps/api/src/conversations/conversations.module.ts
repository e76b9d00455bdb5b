import { Module } from '@nestjs/common';
import { ConversationRepositoryModule, MessageRepositoryModule } from '@app/persistence';
import { ConversationsController } from './conversations.controller.js';
import { ConversationsService } from './conversations.service.js';

/** The messages of a conversation, for agents; a customer's conversations are listed by CustomersModule. */
@Module({
  imports: [ConversationRepositoryModule, MessageRepositoryModule],
  controllers: [ConversationsController],
  providers: [ConversationsService],
})
export class ConversationsModule {}
