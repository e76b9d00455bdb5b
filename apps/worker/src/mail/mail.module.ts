import { Module } from '@nestjs/common';
import { EmailIngressService } from '@app/identity';
import { ChannelRepositoryModule } from '@app/persistence';
import { InboundProducer } from '@app/queue';
import { RedisModule } from '@app/redis';
import { StorageModule } from '@app/storage';
import { DnsResolverService } from './dns-resolver.service.js';
import { MailProcessor } from './mail.processor.js';
import { ReceivedMailService } from './received-mail.service.js';
import { RecipientChannelsService } from './recipient-channels.service.js';
import { SmtpIngressService } from './smtp-ingress.service.js';

/** The SMTP listener (unless SMTP_ENABLED is false): mail in, stored and queued for MailModule. */
@Module({
  imports: [ChannelRepositoryModule, RedisModule, StorageModule],
  providers: [InboundProducer, SmtpIngressService, RecipientChannelsService],
  exports: [SmtpIngressService],
})
export class SmtpListenerModule {}

/** The processor of the mail the listener queued: parsed, authenticated, a job per channel on the inbound queue. */
@Module({
  imports: [RedisModule, StorageModule],
  providers: [InboundProducer, DnsResolverService, EmailIngressService, ReceivedMailService, MailProcessor],
})
export class MailModule {}
