import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';
import { HttpMetricsMiddleware } from './http-metrics.middleware.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

@Module({ imports: [QueueModule, RedisModule], controllers: [MetricsController], providers: [MetricsService] })
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
