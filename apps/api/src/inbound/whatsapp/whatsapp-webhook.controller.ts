import { Controller, Get, Header, Headers, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '@app/auth';
import { WEBHOOK_ROUTES } from '../webhook-routes.js';
import { WhatsappWebhookService } from './whatsapp-webhook.service.js';

/** Meta's WhatsApp Cloud API webhook: authenticated by the app secret's signature, not by a bearer token. */
@ApiExcludeController()
@Public()
@Controller(WEBHOOK_ROUTES.whatsapp)
export class WhatsappWebhookController {
  constructor(private readonly whatsapp: WhatsappWebhookService) {}

  @Get(':channelId')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  handshake(@Param('channelId') channelId: string, @Query() query: Record<string, unknown>): Promise<string> {
    return this.whatsapp.handshake(channelId, query);
  }

  @Post(':channelId')
  @HttpCode(200)
  receive(
    @Param('channelId') channelId: string,
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('x-hub-signature-256') signature?: string,
  ): Promise<void> {
    return this.whatsapp.receive({ channelId, rawBody: request.rawBody, signature, body: request.body });
  }
}
