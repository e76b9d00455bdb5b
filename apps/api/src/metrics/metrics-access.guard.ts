import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyRequest } from 'fastify';
import { bearerToken } from '@app/auth';
import { constantTimeEquals } from '@app/channels';
import type { AppConfigService } from '@app/config';
import { ProblemException } from '@app/http';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * `/metrics` answers the bearer METRICS_TOKEN; without one configured, only requests from this machine (the
 * client address as the loopback proxy in front reports it), so a scraper elsewhere needs the token.
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  private readonly token?: string;

  constructor(@Inject(ConfigService) config: AppConfigService) {
    this.token = config.get('METRICS_TOKEN', { infer: true });
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (this.token) {
      const given = bearerToken(request.headers.authorization);
      if (given !== undefined && constantTimeEquals(given, this.token)) return true;
      throw new ProblemException(401, 'metrics_token_required', 'Metrics need the bearer METRICS_TOKEN');
    }
    if (request.ip !== undefined && LOOPBACK.has(request.ip)) return true;
    throw new ProblemException(
      401,
      'metrics_token_required',
      'Metrics are served to this machine only, unless METRICS_TOKEN is configured',
    );
  }
}
