import { Module } from '@nestjs/common';
import {
  ChannelRepositoryModule,
  ConversationRepositoryModule,
  IdentityRepositoryModule,
  MessageRepositoryModule,
} from '@app/persistence';
import { RealtimeEmitterModule } from '@app/realtime';

/** What the reply sender reads and tells: for `DeliveryRunnerModule.withSenders({ imports, senders })`. */
@Module({
  imports: [
    ChannelRepositoryModule,
    ConversationRepositoryModule,
    IdentityRepositoryModule,
    MessageRepositoryModule,
    RealtimeEmitterModule,
  ],
  exports: [
    ChannelRepositoryModule,
    ConversationRepositoryModule,
    IdentityRepositoryModule,
    MessageRepositoryModule,
    RealtimeEmitterModule,
  ],
})
export class ReplySenderDependenciesModule {}
