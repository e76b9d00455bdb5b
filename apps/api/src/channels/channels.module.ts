import { Module } from '@nestjs/common';
import { ApiKeyRepositoryModule, AuditRepositoryModule, ChannelRepositoryModule } from '@app/persistence';
import { ChannelsController } from './channels.controller.js';
import { ConnectorKeysController } from './connector-keys.controller.js';
import { ChannelsService } from './channels.service.js';

@Module({
  imports: [ChannelRepositoryModule, ApiKeyRepositoryModule, AuditRepositoryModule],
  controllers: [ChannelsController, ConnectorKeysController],
  providers: [ChannelsService],
})
export class ChannelsModule {}
