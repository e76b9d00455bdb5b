import { Injectable, Logger } from '@nestjs/common';
import { emailInboundMessage, parseRawEmail } from '@app/channels';
import { InboundProducer } from '@app/queue';
import { inboundJobs, type IngressChannel } from '../ingress-channel.js';

export interface EmailEnvelope {
  channel: IngressChannel;
  /** The envelope sender; empty for the null sender `<>` of bounces. */
  mailFrom?: string;
  /** The envelope recipients of this channel, as the sender gave them. */
  recipients: string[];
}

/** Where every inbound email ends, whichever way it came (SMTP, Mailgun): raw RFC 5322 bytes in, one job out. */
@Injectable()
export class EmailIngressService {
  private readonly logger = new Logger('EmailIngress');

  constructor(private readonly producer: InboundProducer) {}

  /**
   * Throws MalformedPayloadError for bytes that are not an email, QueueUnavailableError when the job could not be
   * stored. A message without Message-ID gets one derived from its bytes, so a retried delivery is still one job.
   */
  async ingestRawEmail(bytes: Buffer, { channel, mailFrom, recipients }: EmailEnvelope): Promise<void> {
    const receivedAt = new Date();
    const email = await parseRawEmail(bytes);
    if (email.isAutoReply || mailFrom === '') {
      // Acknowledged, not queued: answering a vacation reply or a bounce would start a mail loop.
      this.logger.log(`dropped automated email ${email.messageId} on channel ${channel.id}`);
      return;
    }
    const message = emailInboundMessage(email, receivedAt);
    // The envelope says which of our addresses received it (Bcc, forwards), with the `+tag` threading reads.
    const delivered = { ...message, to: recipients[0] ?? message.to };
    await this.producer.enqueue(inboundJobs(channel, [delivered], receivedAt));
  }
}
