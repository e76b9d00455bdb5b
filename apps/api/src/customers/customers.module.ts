import { Module } from '@nestjs/common';
import {
  AuditRepositoryModule,
  ConversationRepositoryModule,
  CustomerRepositoryModule,
  IdentityRepositoryModule,
  MergeRepositoryModule,
} from '@app/persistence';
import { IdentityModule } from '@app/identity';
import { SuggestionsProducerModule } from '@app/queue';
import { RealtimeEmitterModule } from '@app/realtime';
import { CustomersController } from './customers.controller.js';
import { CustomersService } from './customers.service.js';

/**
 * Customer profiles for agents, with the conversations they read from them. Events go out through the Redis
 * emitter, so the consoles connected to every api instance hear them.
 */
@Module({
  imports: [
    AuditRepositoryModule,
    CustomerRepositoryModule,
    IdentityRepositoryModule,
    ConversationRepositoryModule,
    MergeRepositoryModule,
    SuggestionsProducerModule,
    RealtimeEmitterModule,
    IdentityModule,
  ],
  controllers: [CustomersController],
  providers: [CustomersService],
})
export class CustomersModule {}
