import { Module } from '@nestjs/common';
import { DeliveryStarterModule } from '@app/outbound';
import { ChannelRepositoryModule, ConversationRepositoryModule, MessageRepositoryModule } from '@app/persistence';
import { RealtimeEmitterModule } from '@app/realtime';
import { StorageModule } from '@app/storage';
import { ConversationsController } from './conversations.controller.js';
import { ConversationsService } from './conversations.service.js';
import { RepliesService } from './replies.service.js';

/**
 * The messages of a conversation and agents' replies to it; a customer's conversations are listed by CustomersModule.
 */
@Module({
  imports: [
    ConversationRepositoryModule,
    MessageRepositoryModule,
    ChannelRepositoryModule,
    DeliveryStarterModule,
    RealtimeEmitterModule,
    StorageModule,
  ],
  controllers: [ConversationsController],
  providers: [ConversationsService, RepliesService],
})
export class ConversationsModule {}
