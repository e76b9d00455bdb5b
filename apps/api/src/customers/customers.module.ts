import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS, SuggestionsProducer } from '@app/queue';
import { RealtimeEmitter } from '@app/realtime';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { CustomersController } from './customers.controller.js';
import { CustomersService } from './customers.service.js';

/** Customer profiles for agents, with the conversations and messages they read from them. */
@Module({
  imports: [ConversationsModule],
  controllers: [CustomersController],
  providers: [
    CustomersService,
    SuggestionsProducer,
    // Through Redis like the worker, so the consoles connected to every api instance hear it.
    { provide: RealtimeEmitter, inject: [REDIS], useFactory: (redis: Redis) => new RealtimeEmitter(redis) },
  ],
})
export class CustomersModule {}
