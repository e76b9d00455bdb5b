import { Module } from '@nestjs/common';
import { QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

@Module({ imports: [QueueModule, RedisModule], controllers: [MetricsController], providers: [MetricsService] })
export class MetricsModule {}
