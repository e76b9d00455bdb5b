import {
  Injectable,
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { MAX_EMAIL_BYTES } from '@app/channels';
import { IngressChannelsService } from '../ingress-channels.service.js';
import { readMultipartFields } from './bounded-multipart.js';

/** The raw MIME plus Mailgun's dozen small fields. */
const MAILGUN_FORM_LIMITS = { totalBytes: MAX_EMAIL_BYTES + 1024 * 1024, fieldBytes: MAX_EMAIL_BYTES, fields: 24 };

/**
 * Refuses a delivery to a channel that is not an email channel of ours before a byte of its body is read (guards
 * run before interceptors): an anonymous sender cannot make us hold a large body by guessing nothing.
 */
@Injectable()
export class MailgunChannelGuard implements CanActivate {
  constructor(private readonly channels: IngressChannelsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { channelId } = context.switchToHttp().getRequest<FastifyRequest<{ Params: { channelId: string } }>>().params;
    await this.channels.forWebhook(String(channelId), 'email');
    return true;
  }
}

const MULTIPART = /^multipart\/form-data\b/i;

/** Reads Mailgun's multipart form (left unread by the body parsers) within MAILGUN_FORM_LIMITS, counting every byte (chunked bodies too). */
@Injectable()
export class MailgunFormInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (MULTIPART.test(request.headers['content-type'] ?? '')) {
      request.body = await readMultipartFields(request.raw, MAILGUN_FORM_LIMITS);
    }
    return next.handle();
  }
}
