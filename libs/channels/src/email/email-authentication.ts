import { authenticate, type DNSResolver } from 'mailauth';
import { emailSenderAuthenticated, mailgunSenderAuthenticated } from '@app/domain';

/** How DNS is asked for DKIM keys and DMARC/SPF records: mailauth's resolver shape (`node:dns` when absent). */
export type DnsResolver = DNSResolver;

export interface SmtpSession {
  /** The connecting client's address and its EHLO name, for SPF. */
  ip?: string;
  helo?: string;
  /** MAIL FROM. */
  sender?: string;
  resolver?: DnsResolver;
}

/**
 * Whether a raw message received over SMTP proves its From address: a passing DKIM signature aligned with the From
 * domain, or DMARC pass (mailauth verifies both; ARC and BIMI are not consulted). Any DNS failure is no proof.
 */
export async function smtpSenderAuthenticated(raw: Buffer, session: SmtpSession): Promise<boolean> {
  const result = await authenticate(raw, {
    ip: session.ip,
    helo: session.helo,
    sender: session.sender,
    resolver: session.resolver,
    disableArc: true,
    disableBimi: true,
  });
  return emailSenderAuthenticated({
    fromAddresses: result.dkim.headerFrom?.length ?? 0,
    dkim: (result.dkim.results ?? []).map(({ status }) => ({
      result: status.result,
      alignedWithFrom: Boolean(status.aligned),
    })),
    dmarc: result.dmarc ? result.dmarc.status.result : undefined,
  });
}

const DKIM_CHECK = 'x-mailgun-dkim-check-result';
const SPF = 'x-mailgun-spf';

/**
 * Mailgun's verdict, from the form fields of its route forward or else the headers it adds on top of the MIME (the
 * first of each, so a header the sender wrote further down never speaks for Mailgun).
 */
export function mailgunVerdictAuthenticated(
  fields: Record<string, unknown>,
  mimeHeaders: ReadonlyMap<string, string>,
  addresses: { from: string; envelopeSender?: string },
): boolean {
  const read = (name: string): string | undefined => fieldValue(fields, name) ?? mimeHeaders.get(name);
  return mailgunSenderAuthenticated({
    dkimCheckResult: read(DKIM_CHECK),
    spf: read(SPF),
    fromDomain: domainOf(addresses.from),
    envelopeDomain: addresses.envelopeSender ? domainOf(addresses.envelopeSender) : undefined,
  });
}

function fieldValue(fields: Record<string, unknown>, lowerName: string): string | undefined {
  for (const [name, value] of Object.entries(fields)) {
    if (name.toLowerCase() === lowerName && typeof value === 'string') return value;
  }
  return undefined;
}

function domainOf(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  return at < 0 ? undefined : address.slice(at + 1);
}
