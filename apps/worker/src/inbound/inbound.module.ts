import { Module } from '@nestjs/common';
import { SuggestionsProducer } from '@app/queue';
import { ConversationResolverService } from './conversation-resolver.service.js';
import { IdentityResolverService } from './identity-resolver.service.js';
import { InboundIngestionService } from './inbound-ingestion.service.js';
import { InboundProcessor } from './inbound.processor.js';

@Module({
  providers: [
    IdentityResolverService,
    ConversationResolverService,
    InboundIngestionService,
    InboundProcessor,
    SuggestionsProducer,
  ],
})
export class InboundModule {}
