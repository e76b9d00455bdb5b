/**
 * Whether an inbound sender owns the address it writes from (issue 15). Only a sender that does may join the customer
 * holding that address; anyone can put any From on an email, and a connector can claim any address.
 */

/** One DKIM signature of a message as the verifier judged it. */
export interface DkimSignatureVerdict {
  /** `pass`, `fail`, `neutral`, `none`, `temperror`, `permerror`… */
  result: string;
  /** The signing domain (`d=`) is the From domain or shares its organizational domain. */
  alignedWithFrom: boolean;
}

export interface EmailAuthentication {
  /** How many addresses the From header names: with more than one, no single sender is vouched for. */
  fromAddresses: number;
  dkim: DkimSignatureVerdict[];
  /** The DMARC result for the From domain, when it was evaluated. */
  dmarc?: string;
}

/** Authenticated: a passing DKIM signature aligned with the From domain, or a DMARC pass (DKIM or SPF aligned). */
export function emailSenderAuthenticated({ fromAddresses, dkim, dmarc }: EmailAuthentication): boolean {
  if (fromAddresses !== 1) return false;
  if (normalizedResult(dmarc) === 'pass') return true;
  return dkim.some((signature) => normalizedResult(signature.result) === 'pass' && signature.alignedWithFrom);
}

/** What Mailgun says of a message it received (`X-Mailgun-Dkim-Check-Result`, `X-Mailgun-Spf`). */
export interface MailgunAuthentication {
  dkimCheckResult?: string;
  spf?: string;
  /** The domain of the From address, and of the envelope sender SPF vouches for. */
  fromDomain?: string;
  envelopeDomain?: string;
}

/**
 * Mailgun's DKIM check passes only for a signature it verified; an SPF pass vouches for the envelope sender, so it
 * counts only when that domain is the From domain (or one of them is a subdomain of the other).
 */
export function mailgunSenderAuthenticated({
  dkimCheckResult,
  spf,
  fromDomain,
  envelopeDomain,
}: MailgunAuthentication): boolean {
  if (normalizedResult(dkimCheckResult) === 'pass') return true;
  if (normalizedResult(spf) !== 'pass' || !fromDomain || !envelopeDomain) return false;
  return relaxedDomainMatch(fromDomain, envelopeDomain);
}

/**
 * Whether a sender may claim its address and join the customer that holds it: a sender nobody vouched for may, only
 * for email, when the tenant chose to trust unauthenticated email. `undefined` is a sender the provider itself
 * authenticated (WhatsApp, Twilio) or a delivery queued before senders were verified.
 */
export function senderMayJoin(
  senderVerified: boolean | undefined,
  channelKind: string,
  settings: { trustUnauthenticatedEmail: boolean },
): boolean {
  if (senderVerified !== false) return true;
  return channelKind === 'email' && settings.trustUnauthenticatedEmail;
}

function normalizedResult(result: string | undefined): string | undefined {
  return result?.trim().toLowerCase();
}

function relaxedDomainMatch(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase().replace(/\.$/, ''), b.toLowerCase().replace(/\.$/, '')];
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}
