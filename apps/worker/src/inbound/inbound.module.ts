import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity';
import { ConversationResolverService } from './conversation-resolver.service.js';
import { InboundIngestionService } from './inbound-ingestion.service.js';
import { InboundProcessor } from './inbound.processor.js';

@Module({
  imports: [IdentityModule],
  providers: [ConversationResolverService, InboundIngestionService, InboundProcessor],
})
export class InboundModule {}
