import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MessageRepository, MessageStatusRepository } from './message.repository.js';
import { Message, MessageSchema, MessageStatus, MessageStatusSchema } from './message.schema.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Message.name, schema: MessageSchema },
      { name: MessageStatus.name, schema: MessageStatusSchema },
    ]),
  ],
  providers: [MessageRepository, MessageStatusRepository],
  exports: [MessageRepository, MessageStatusRepository],
})
export class MessageRepositoryModule {}
