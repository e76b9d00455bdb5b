import { Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { NoFilesInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { MAX_EMAIL_BYTES } from '../body-limits.js';
import { WEBHOOK_ROUTES } from '../webhook-routes.js';
import { MailgunWebhookService } from './mailgun-webhook.service.js';

/**
 * Mailgun's multipart form: the raw MIME is one text field, so the field size is what bounds the email. Mailgun sends
 * about a dozen fields; the counts bound what an unsigned sender can make us hold before the signature is checked.
 */
const multipart = NoFilesInterceptor({
  limits: { fieldSize: MAX_EMAIL_BYTES, fields: 24, parts: 24, fieldNameSize: 100 },
});

/** Mailgun route forwards (raw MIME when the URL ends in `mime`): authenticated by their signature fields. */
@ApiExcludeController()
@Public()
@Controller(WEBHOOK_ROUTES.mailgun)
export class MailgunWebhookController {
  constructor(private readonly mailgun: MailgunWebhookService) {}

  @Post([':channelId', ':channelId/mime'])
  @HttpCode(200)
  @UseInterceptors(multipart)
  receive(@Param('channelId') channelId: string, @Body() fields: Record<string, unknown>): Promise<void> {
    return this.mailgun.receive(channelId, fields ?? {});
  }
}
