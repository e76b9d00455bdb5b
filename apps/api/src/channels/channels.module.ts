import { Module } from '@nestjs/common';
import { ChannelsController } from './channels.controller.js';
import { ChannelsService } from './channels.service.js';

@Module({ controllers: [ChannelsController], providers: [ChannelsService] })
export class ChannelsModule {}
