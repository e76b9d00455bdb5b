import { Injectable } from '@nestjs/common';
import {
  mailgunVerdictAuthenticated,
  MalformedPayloadError,
  readMailgunForm,
  verifyMailgunSignature,
} from '@app/channels';
import { ProblemException } from '@app/http';
import { EmailIngressService } from '@app/identity';
import { IngressChannelsService } from '../ingress-channels.service.js';
import { invalidSignature } from '../signature-errors.js';
import { MailgunTokensService } from './mailgun-tokens.service.js';

@Injectable()
export class MailgunWebhookService {
  constructor(
    private readonly channels: IngressChannelsService,
    private readonly tokens: MailgunTokensService,
    private readonly email: EmailIngressService,
  ) {}

  /** A Mailgun route forward in raw-MIME mode: fields `signature`, `timestamp`, `token`, `body-mime`, `recipient`… */
  async receive(channelId: string, fields: Record<string, unknown>): Promise<void> {
    const channel = await this.channels.forWebhook(channelId, 'email');
    const { signed, mime, sender, recipients } = readMailgunForm(fields);
    const nowSeconds = Math.floor(Date.now() / 1000);
    const verdict = verifyMailgunSignature(signed, channel.secrets.mailgunSigningKey ?? '', nowSeconds);
    if (verdict === 'bad_signature') throw invalidSignature();
    // 401 rather than 406: Mailgun retries a 401 with a fresh signature, while 406 would drop a message for good
    // whenever our clock drifts.
    if (verdict === 'stale') throw new ProblemException(401, 'stale_signature', 'The signature timestamp is too old');
    if (!mime) {
      throw new MalformedPayloadError('body-mime is missing: forward the Mailgun route to the URL ending in /mime');
    }
    const token = signed.token as string;
    // 406 stops Mailgun's retries: a used token means the message was queued already (a claim is released when
    // queueing fails), or it is someone else's replay.
    if (!(await this.tokens.claim(channel.id, token))) {
      throw new ProblemException(406, 'replayed_token', 'This signature token was used already');
    }
    try {
      await this.email.ingestRawEmail(mime, {
        mailFrom: sender,
        deliveries: [{ tenantId: channel.tenantId, channelId: channel.id, recipients }],
        // Mailgun checked DKIM and SPF when it received the message; the signed request says it is Mailgun speaking.
        senderVerified: (email) =>
          mailgunVerdictAuthenticated(fields, email.headers, { from: email.from.address, envelopeSender: sender }),
      });
    } catch (error) {
      if (!(error instanceof MalformedPayloadError)) await this.tokens.release(channel.id, token);
      throw error;
    }
  }
}
