import { Body, Controller, HttpCode, Param, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { WEBHOOK_ROUTES } from '../webhook-routes.js';
import { MailgunChannelGuard, MailgunFormInterceptor } from './mailgun-form.interceptor.js';
import { MailgunWebhookService } from './mailgun-webhook.service.js';

/** Mailgun route forwards (raw MIME when the URL ends in `mime`): authenticated by their signature fields. */
@ApiExcludeController()
@Public()
@Controller(WEBHOOK_ROUTES.mailgun)
export class MailgunWebhookController {
  constructor(private readonly mailgun: MailgunWebhookService) {}

  @Post([':channelId', ':channelId/mime'])
  @HttpCode(200)
  @UseGuards(MailgunChannelGuard)
  @UseInterceptors(MailgunFormInterceptor)
  receive(@Param('channelId') channelId: string, @Body() fields: Record<string, unknown>): Promise<void> {
    return this.mailgun.receive(channelId, fields ?? {});
  }
}
