import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ConversationRepository } from './conversation.repository.js';
import { Conversation, ConversationSchema } from './conversation.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Conversation.name, schema: ConversationSchema }])],
  providers: [ConversationRepository],
  exports: [ConversationRepository],
})
export class ConversationRepositoryModule {}
