import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppConfigService } from '@app/config';
import { ProblemException } from '@app/http';
import { REDIS } from '@app/redis';

const MINUTE_SECONDS = 60;

/**
 * Sign-ins per client address (the address the loopback proxy in front reports): LOGIN_ATTEMPTS_PER_MINUTE, then
 * refused for a minute. Counted in Redis, so every api process shares the count.
 */
@Injectable()
export class LoginRateGuard implements CanActivate {
  private readonly limiter: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(ConfigService) config: AppConfigService) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'login-rate',
      points: config.get('LOGIN_ATTEMPTS_PER_MINUTE', { infer: true }),
      duration: MINUTE_SECONDS,
      blockDuration: MINUTE_SECONDS,
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const address = context.switchToHttp().getRequest<FastifyRequest>().ip ?? 'unknown';
    try {
      await this.limiter.consume(address);
      return true;
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const retryAfterSeconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      throw new ProblemException(
        429,
        'too_many_requests',
        'Too many sign-ins from this address; wait before the next',
        { retryAfterSeconds },
        { 'Retry-After': String(retryAfterSeconds) },
      );
    }
  }
}
