import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import {
  ConversationRepositoryModule,
  CustomerOwnershipModule,
  CustomerRepositoryModule,
  IdentityRepositoryModule,
  MessageRepositoryModule,
} from '@app/persistence';
import { SuggestionsProducerModule } from '@app/queue';
import { RealtimeEmitterModule } from '@app/realtime';
import { ConversationResolverService } from './conversation-resolver.service.js';
import { DeliveryOwnerService } from './delivery-owner.service.js';
import { InboundIngestionService } from './inbound-ingestion.service.js';
import { InboundProcessor } from './inbound.processor.js';

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
  providers: [ConversationResolverService, DeliveryOwnerService, InboundIngestionService, InboundProcessor],
})
export class InboundModule {}
