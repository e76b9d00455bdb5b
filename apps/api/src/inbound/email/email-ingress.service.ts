import { Injectable, Logger } from '@nestjs/common';
import { emailInboundMessage, parseRawEmail, type ParsedEmail } from '@app/channels';
import { InboundProducer } from '@app/queue';
import { inboundJobs, type IngressChannel } from '../ingress-channel.js';

/** A channel an email is delivered to, with the envelope recipients of that channel as the sender gave them. */
export interface ChannelDelivery {
  channel: IngressChannel;
  recipients: string[];
}

export interface EmailEnvelope {
  /** The envelope sender; empty for the null sender `<>` of bounces. */
  mailFrom?: string;
  /** One per channel the recipients belong to. */
  deliveries: ChannelDelivery[];
  /** Whether the message proves its From address (DKIM aligned, DMARC; Mailgun's verdict): it may join its owner. */
  senderVerified: (email: ParsedEmail) => Promise<boolean> | boolean;
}

/** Where every inbound email ends, whichever way it came (SMTP, Mailgun): raw RFC 5322 in, a job per channel out. */
@Injectable()
export class EmailIngressService {
  private readonly logger = new Logger('EmailIngress');

  constructor(private readonly producer: InboundProducer) {}

  /**
   * Takes the message as bytes or as text (read as UTF-8). Throws MalformedPayloadError for a message that is not an
   * email, QueueUnavailableError when the jobs could not be stored. A message without Message-ID gets one derived
   * from its bytes, so a retried delivery is still one job.
   */
  async ingestRawEmail(raw: Buffer | string, { mailFrom, deliveries, senderVerified }: EmailEnvelope): Promise<void> {
    // Acknowledged, not queued: answering a bounce or a vacation reply would start a mail loop.
    if (mailFrom === '') {
      this.logger.log(`dropped a bounce (null sender) to channels ${channelIds(deliveries)}`);
      return;
    }
    const receivedAt = new Date();
    const email = await parseRawEmail(raw);
    if (email.isAutoReply) {
      this.logger.log(`dropped automated email ${email.messageId} to channels ${channelIds(deliveries)}`);
      return;
    }
    const message = { ...emailInboundMessage(email, receivedAt), senderVerified: await senderVerified(email) };
    const jobs = deliveries.flatMap(({ channel, recipients }) =>
      // The envelope says which of our addresses received it (Bcc, forwards), with the `+tag` threading reads.
      inboundJobs(channel, [{ ...message, to: recipients[0] ?? message.to }], receivedAt),
    );
    await this.producer.enqueue(jobs);
  }
}

function channelIds(deliveries: ChannelDelivery[]): string {
  return deliveries.map(({ channel }) => channel.id).join(', ');
}
