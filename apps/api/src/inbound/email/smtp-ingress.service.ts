import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { MalformedPayloadError, smtpSenderAuthenticated } from '@app/channels';
import type { AppConfigService } from '@app/config';
import { MAX_EMAIL_BYTES } from '../body-limits.js';
import { IngressChannelsService } from '../ingress-channels.service.js';
import { DnsResolverService } from './dns-resolver.service.js';
import { EmailIngressService, type ChannelDelivery } from './email-ingress.service.js';
import { smtpReply } from './smtp-reply.js';

/**
 * The inbound SMTP listener (SMTP_PORT; 0 picks a free port). It accepts mail for the addresses of email channels
 * only and answers 250 once the message is queued; when it cannot be queued it answers 451, so the sending server
 * keeps it and retries. No STARTTLS and no AUTH for now: it has no certificate yet, and senders are not users.
 */
@Injectable()
export class SmtpIngressService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SmtpIngress');
  private server?: SMTPServer;
  private boundPort?: number;

  constructor(
    @Inject(ConfigService) private readonly config: AppConfigService,
    private readonly channels: IngressChannelsService,
    private readonly email: EmailIngressService,
    private readonly dns: DnsResolverService,
  ) {}

  /** The port the listener is bound to (the chosen one when SMTP_PORT is 0). */
  get port(): number {
    if (this.boundPort === undefined) throw new Error('the SMTP listener is not listening');
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = new SMTPServer({
      banner: 'contact center inbound mail',
      size: MAX_EMAIL_BYTES,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      maxClients: 200,
      closeTimeout: 5_000,
      logger: false,
      // The client's host name would only be logged; a DNS lookup per connection is not worth it.
      disableReverseLookup: true,
      onRcptTo: (address, _session, callback) => {
        this.acceptRecipient(address.address).then(() => callback(), callback);
      },
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(() => callback(), callback);
      },
    });
    server.on('error', (error) => this.logger.error(`smtp connection error: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.config.get('SMTP_PORT', { infer: true }), () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.boundPort = (server.server.address() as AddressInfo).port;
    this.logger.log(`smtp listening on port ${this.boundPort}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async acceptRecipient(recipient: string): Promise<void> {
    const channel = await this.channels.forRecipient(recipient).catch((error: unknown) => {
      this.logger.error(`recipient lookup failed: ${(error as Error).message}`);
      throw smtpReply(451, 'Temporary failure looking up the recipient, try again later');
    });
    if (!channel) throw smtpReply(550, 'No such mailbox here');
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // Read to the end either way (the client is still sending), but hold nothing past the limit.
      if (!stream.sizeExceeded) chunks.push(chunk);
    }
    if (stream.sizeExceeded) throw smtpReply(552, `Message exceeds the maximum size of ${MAX_EMAIL_BYTES} bytes`);
    const bytes = Buffer.concat(chunks);
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
    try {
      await this.email.ingestRawEmail(bytes, {
        mailFrom,
        deliveries: await this.deliveries(session),
        senderVerified: () => this.authenticated(bytes, session, mailFrom),
      });
    } catch (error) {
      if (error instanceof MalformedPayloadError) throw smtpReply(554, `Message not readable: ${error.message}`);
      this.logger.warn(`email not queued, asking the sender to retry: ${(error as Error).message}`);
      throw smtpReply(451, 'Temporary failure queueing the message, try again later');
    }
  }

  /** DKIM aligned with the From domain or DMARC pass; a DNS failure leaves the sender unverified, not the mail lost. */
  private async authenticated(bytes: Buffer, session: SMTPServerSession, mailFrom?: string): Promise<boolean> {
    try {
      return await smtpSenderAuthenticated(bytes, {
        ip: session.remoteAddress,
        helo: session.hostNameAppearsAs,
        sender: mailFrom,
        resolver: (name, type) => this.dns.resolve(name, type),
      });
    } catch (error) {
      this.logger.warn(`sender authentication failed, treating the sender as unverified: ${(error as Error).message}`);
      return false;
    }
  }

  /** Recipients were checked at RCPT; grouped so a message to two addresses of one channel is queued once. */
  private async deliveries(session: SMTPServerSession): Promise<ChannelDelivery[]> {
    const byChannel = new Map<string, ChannelDelivery>();
    for (const { address } of session.envelope.rcptTo) {
      const channel = await this.channels.forRecipient(address);
      if (!channel) continue;
      const delivery = byChannel.get(channel.id) ?? { channel, recipients: [] };
      delivery.recipients.push(address);
      byChannel.set(channel.id, delivery);
    }
    return [...byChannel.values()];
  }
}
