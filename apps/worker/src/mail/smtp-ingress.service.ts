import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { MAX_EMAIL_BYTES } from '@app/channels';
import type { AppConfigService } from '@app/config';
import { InboundProducer } from '@app/queue';
import { BlobStorage } from '@app/storage';
import { ConnectionsPerAddress } from './connections-per-address.js';
import { RecipientChannelsService } from './recipient-channels.service.js';
import { SizeLimit } from './size-limit.js';
import { smtpReply } from './smtp-reply.js';

/** Connections at once, from every client together. */
const MAX_CLIENTS = 200;

/**
 * The inbound SMTP listener (SMTP_PORT; 0 picks a free port), in the worker so that no mail is read on the api's
 * event loop. It accepts mail for the addresses of email channels only, streams each message's raw bytes into the
 * blob storage and queues one job for the mail processor, answering 250 once both are durable; when either fails it
 * answers 451, so the sending server keeps the message and retries. Nothing is parsed here: a message is read as
 * bytes, at most MAX_EMAIL_BYTES of them. No STARTTLS and no AUTH for now: it has no certificate yet, and senders are
 * not users.
 */
@Injectable()
export class SmtpIngressService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SmtpIngress');
  private readonly connections: ConnectionsPerAddress;
  /** Sessions counted in `connections`, so that a refused one is not released. */
  private readonly admitted = new Set<string>();
  private server?: SMTPServer;
  private boundPort?: number;

  constructor(
    @Inject(ConfigService) private readonly config: AppConfigService,
    private readonly channels: RecipientChannelsService,
    private readonly storage: BlobStorage,
    private readonly producer: InboundProducer,
  ) {
    this.connections = new ConnectionsPerAddress(config.get('SMTP_MAX_CONNECTIONS_PER_IP', { infer: true }));
  }

  /** The port the listener is bound to (the chosen one when SMTP_PORT is 0). */
  get port(): number {
    if (this.boundPort === undefined) throw new Error('the SMTP listener is not listening');
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.get('SMTP_ENABLED', { infer: true }) === 'false') return;
    const server = new SMTPServer({
      banner: 'contact center inbound mail',
      size: MAX_EMAIL_BYTES,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      maxClients: MAX_CLIENTS,
      closeTimeout: 5_000,
      logger: false,
      // The client's host name would only be logged; a DNS lookup per connection is not worth it.
      disableReverseLookup: true,
      onConnect: (session, callback) => {
        if (!this.connections.admit(session.remoteAddress)) {
          callback(smtpReply(421, 'Too many connections from your address, try again later'));
          return;
        }
        this.admitted.add(session.id);
        callback();
      },
      onClose: (session) => {
        if (this.admitted.delete(session.id)) this.connections.release(session.remoteAddress);
      },
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
    const receivedAt = new Date();
    const storageKey = rawMailKey(receivedAt);
    const limited = new SizeLimit(MAX_EMAIL_BYTES);
    stream.pipe(limited);
    try {
      await this.storage.put(storageKey, limited);
    } catch (error) {
      // smtp-server answers once the message is read to its end.
      stream.unpipe(limited);
      stream.resume();
      await this.discard(storageKey);
      this.logger.warn(`email not stored, asking the sender to retry: ${(error as Error).message}`);
      throw smtpReply(451, 'Temporary failure storing the message, try again later');
    }
    if (limited.exceeded || stream.sizeExceeded) {
      await this.discard(storageKey);
      throw smtpReply(552, `Message exceeds the maximum size of ${MAX_EMAIL_BYTES} bytes`);
    }
    try {
      await this.producer.enqueueRawEmail({
        storageKey,
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
        deliveries: await this.channels.deliveries(session.envelope.rcptTo.map(({ address }) => address)),
        remoteAddress: session.remoteAddress,
        helo: session.hostNameAppearsAs,
        receivedAt: receivedAt.toISOString(),
      });
    } catch (error) {
      await this.discard(storageKey);
      this.logger.warn(`email not queued, asking the sender to retry: ${(error as Error).message}`);
      throw smtpReply(451, 'Temporary failure queueing the message, try again later');
    }
  }

  /** The stored copy of a message we did not take: the sender keeps it and retries. */
  private async discard(storageKey: string): Promise<void> {
    await this.storage.delete(storageKey).catch((error: unknown) => {
      this.logger.warn(`could not remove ${storageKey}: ${(error as Error).message}`);
    });
  }
}

/** One key per message taken, by day, so an operator can expire old raw mail by folder. */
function rawMailKey(receivedAt: Date): string {
  return `mail/${receivedAt.toISOString().slice(0, 10)}/${randomUUID()}.eml`;
}
