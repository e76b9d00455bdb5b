import { Module } from '@nestjs/common';
import { ApiKeyRepositoryModule, ChannelRepositoryModule } from '@app/persistence';
import { ChannelsController } from './channels.controller.js';
import { ChannelsService } from './channels.service.js';

@Module({
  imports: [ChannelRepositoryModule, ApiKeyRepositoryModule],
  controllers: [ChannelsController],
  providers: [ChannelsService],
})
export class ChannelsModule {}
