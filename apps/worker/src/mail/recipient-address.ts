import { withoutPlusAddress } from '@app/channels';

/**
 * The channel addresses an SMTP recipient may reach, best first: the address itself, then without its sub-address
 * (`support+t1@x` reaches `support@x`; the tag is a thread token). Lower case, as channel addresses are stored.
 */
export function recipientCandidates(recipient: string): string[] {
  const address = recipient.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return [];
  const base = withoutPlusAddress(address);
  return base === address ? [address] : [address, base];
}
