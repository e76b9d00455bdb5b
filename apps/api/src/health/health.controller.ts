import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, MongooseHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '@app/auth';
import { RedisHealthIndicator } from './redis.health.js';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongo: MongooseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.mongo.pingCheck('database', { timeout: 2_000 }),
      () => this.redis.isHealthy(),
    ]);
  }
}
