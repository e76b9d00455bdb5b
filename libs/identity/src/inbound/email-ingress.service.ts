import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  emailInboundMessage,
  parseRawEmail,
  type InboundAttachment,
  type InboundMessage,
  type ParsedEmail,
} from '@app/channels';
import { InboundProducer, type InboundJob, type RawEmailDelivery } from '@app/queue';
import { BlobStorage } from '@app/storage';

export type EmailDelivery = Pick<RawEmailDelivery, 'tenantId' | 'channelId' | 'recipients'>;

export interface EmailEnvelope {
  /** The envelope sender; empty for the null sender `<>` of bounces. */
  mailFrom?: string;
  /** One per channel the recipients belong to. */
  deliveries: EmailDelivery[];
  /** Whether the message proves its From address (DKIM aligned, DMARC; Mailgun's verdict): it may join its owner. */
  senderVerified: (email: ParsedEmail) => Promise<boolean> | boolean;
  /** When the ingress accepted it (default: now). */
  receivedAt?: Date;
}

/**
 * Where every inbound email ends, whichever way it came (SMTP through the worker's mail queue, Mailgun): raw RFC
 * 5322 in, its attachments in the blob storage, a job per channel out.
 */
@Injectable()
export class EmailIngressService {
  private readonly logger = new Logger('EmailIngress');

  constructor(
    private readonly producer: InboundProducer,
    private readonly storage: BlobStorage,
  ) {}

  /**
   * Takes the message as bytes or as text (read as UTF-8). Throws MalformedPayloadError for a message that is not an
   * email, QueueUnavailableError when the jobs could not be stored. A message without Message-ID gets one derived
   * from its bytes, and attachments are stored under keys derived from the message, so a retried delivery or a
   * re-run is still one job and one copy of each attachment.
   */
  async ingestRawEmail(raw: Buffer | string, envelope: EmailEnvelope): Promise<void> {
    const { mailFrom, deliveries, senderVerified } = envelope;
    // Acknowledged, not queued: answering a bounce or a vacation reply would start a mail loop.
    if (mailFrom === '') {
      this.logger.log(`dropped a bounce (null sender) to channels ${channelIds(deliveries)}`);
      return;
    }
    const receivedAt = envelope.receivedAt ?? new Date();
    const email = await parseRawEmail(raw);
    if (email.isAutoReply) {
      this.logger.log(`dropped automated email ${email.messageId} to channels ${channelIds(deliveries)}`);
      return;
    }
    const message = { ...emailInboundMessage(email, receivedAt), senderVerified: await senderVerified(email) };
    const jobs: InboundJob[] = [];
    for (const { tenantId, channelId, recipients } of deliveries) {
      const attachments = await this.storeAttachments(tenantId, channelId, message, email.attachmentContents);
      // The envelope says which of our addresses received it (Bcc, forwards), with the `+tag` threading reads.
      const event: InboundMessage = { ...message, attachments, to: recipients[0] ?? message.to };
      jobs.push({ tenantId, channelId, event, receivedAt: receivedAt.toISOString() });
    }
    await this.producer.enqueue(jobs);
  }

  /** Every attachment is kept: its bytes in the storage, its description on the message. */
  private async storeAttachments(
    tenantId: string,
    channelId: string,
    message: InboundMessage,
    contents: Buffer[],
  ): Promise<InboundAttachment[]> {
    const folder = `attachments/${tenantId}/${channelId}/${createHash('sha256').update(message.externalId).digest('hex').slice(0, 40)}`;
    return Promise.all(
      message.attachments.map(async (attachment, index) => {
        const storageKey = `${folder}/${index}`;
        const { size } = await this.storage.put(storageKey, contents[index] ?? Buffer.alloc(0));
        return { ...attachment, size, storageKey };
      }),
    );
  }
}

function channelIds(deliveries: EmailDelivery[]): string {
  return deliveries.map(({ channelId }) => channelId).join(', ');
}
