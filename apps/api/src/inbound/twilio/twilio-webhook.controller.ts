import { Controller, Header, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '@app/auth';
import { WEBHOOK_ROUTES } from '../webhook-routes.js';
import { TwilioWebhookService } from './twilio-webhook.service.js';

/** An empty TwiML answer: acknowledged, nothing sent back. */
const EMPTY_TWIML = '<Response></Response>';

/**
 * Twilio's incoming-message webhook and the status callbacks of our replies: authenticated by X-Twilio-Signature,
 * not by a bearer token.
 */
@ApiExcludeController()
@Public()
@Controller(WEBHOOK_ROUTES.twilio)
export class TwilioWebhookController {
  constructor(private readonly twilio: TwilioWebhookService) {}

  @Post(':channelId')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  async receive(
    @Param('channelId') channelId: string,
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('x-twilio-signature') signature?: string,
  ): Promise<string> {
    await this.twilio.receive({ channelId, originalUrl: request.originalUrl, rawBody: request.rawBody, signature });
    return EMPTY_TWIML;
  }

  @Post(':channelId/status')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  async status(
    @Param('channelId') channelId: string,
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('x-twilio-signature') signature?: string,
  ): Promise<string> {
    await this.twilio.receiveStatus({
      channelId,
      originalUrl: request.originalUrl,
      rawBody: request.rawBody,
      signature,
    });
    return EMPTY_TWIML;
  }
}
