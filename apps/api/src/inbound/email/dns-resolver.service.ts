import { Injectable } from '@nestjs/common';
import { resolve } from 'node:dns/promises';

/**
 * The DNS lookups sender authentication makes (DKIM keys, DMARC and SPF records), in mailauth's resolver shape: the
 * system resolver. One seam, so the checks can be pointed elsewhere without touching them.
 */
@Injectable()
export class DnsResolverService {
  resolve(name: string, rrtype: string): Promise<string[][] | string[]> {
    return resolve(name, rrtype) as Promise<string[][] | string[]>;
  }
}
