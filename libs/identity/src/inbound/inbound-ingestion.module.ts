import { Module } from '@nestjs/common';
import {
  ConversationRepositoryModule,
  CustomerOwnershipModule,
  CustomerRepositoryModule,
  IdentityRepositoryModule,
  MessageRepositoryModule,
} from '@app/persistence';
import { SuggestionsProducerModule } from '@app/queue';
import { RealtimeEmitterModule } from '@app/realtime';
import { IdentityModule } from '../identity.module.js';
import { ConversationResolverService } from './conversation-resolver.service.js';
import { DeliveryOwnerService } from './delivery-owner.service.js';
import { InboundIngestionService } from './inbound-ingestion.service.js';

/**
 * The worker's half of every inbound path (identity, customer, conversation, message), shared by the worker's
 * processor and the CLI's demo story, which files its deliveries the way the worker files a provider's.
 */
@Module({
  imports: [
    IdentityModule,
    CustomerOwnershipModule,
    CustomerRepositoryModule,
    IdentityRepositoryModule,
    ConversationRepositoryModule,
    MessageRepositoryModule,
    SuggestionsProducerModule,
    RealtimeEmitterModule,
  ],
  providers: [ConversationResolverService, DeliveryOwnerService, InboundIngestionService],
  exports: [InboundIngestionService],
})
export class InboundIngestionModule {}
