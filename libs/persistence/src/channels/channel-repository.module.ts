import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ChannelRepository } from './channel.repository.js';
import { Channel, ChannelSchema } from './channel.schema.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Channel.name, schema: ChannelSchema }])],
  providers: [ChannelRepository],
  exports: [ChannelRepository],
})
export class ChannelRepositoryModule {}
