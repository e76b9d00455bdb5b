import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { MalformedPayloadError, smtpSenderAuthenticated } from '@app/channels';
import { EmailIngressService } from '@app/identity';
import type { RawEmailJob } from '@app/queue';
import { BlobStorage } from '@app/storage';
import { DnsResolverService } from './dns-resolver.service.js';

/**
 * The worker's half of mail taken over SMTP: reads the stored raw message back, authenticates its sender and hands it
 * to the email ingress (bounces and auto-replies dropped, a job per channel). A re-run makes the same jobs, absorbed
 * by their ids, so it is still one message.
 */
@Injectable()
export class ReceivedMailService {
  private readonly logger = new Logger('ReceivedMail');

  constructor(
    private readonly storage: BlobStorage,
    private readonly email: EmailIngressService,
    private readonly dns: DnsResolverService,
  ) {}

  async process(job: RawEmailJob): Promise<void> {
    const raw = await this.storage.get(job.storageKey);
    try {
      await this.email.ingestRawEmail(raw, {
        mailFrom: job.mailFrom,
        deliveries: job.deliveries,
        receivedAt: new Date(job.receivedAt),
        senderVerified: () => this.authenticated(raw, job),
      });
    } catch (error) {
      // Retrying will not make it an email; the failed job and the stored bytes say what came.
      if (error instanceof MalformedPayloadError) {
        throw new UnrecoverableError(`${job.storageKey} is not a readable email: ${error.message}`);
      }
      throw error;
    }
  }

  /** DKIM aligned with the From domain or DMARC pass; a DNS failure leaves the sender unverified, not the mail lost. */
  private async authenticated(raw: Buffer, job: RawEmailJob): Promise<boolean> {
    try {
      return await smtpSenderAuthenticated(raw, {
        ip: job.remoteAddress,
        helo: job.helo,
        sender: job.mailFrom,
        resolver: (name, type) => this.dns.resolve(name, type),
      });
    } catch (error) {
      this.logger.warn(`sender authentication failed, treating the sender as unverified: ${(error as Error).message}`);
      return false;
    }
  }
}
