import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Resolver } from 'node:dns/promises';
import type { AppConfigService } from '@app/config';

/**
 * The DNS lookups sender authentication makes (DKIM keys, DMARC and SPF records), in mailauth's resolver shape: the
 * system's resolvers, or `DNS_SERVERS`. A lookup that fails leaves the sender unverified rather than holding the mail, so it waits briefly.
 */
@Injectable()
export class DnsResolverService {
  private readonly resolver = new Resolver({ timeout: 3_000, tries: 2 });

  constructor(@Inject(ConfigService) config: AppConfigService) {
    const servers = config.get('DNS_SERVERS', { infer: true });
    if (servers) this.resolver.setServers(servers.split(',').map((server) => server.trim()));
  }

  resolve(name: string, rrtype: string): Promise<string[][] | string[]> {
    return this.resolver.resolve(name, rrtype) as Promise<string[][] | string[]>;
  }
}
