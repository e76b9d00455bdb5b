import { editDistance } from './edit-distance.js';

export type EmailSimilarity = { kind: 'same_mailbox' } | { kind: 'typo'; distance: 1 | 2 };

/** Gmail ignores dots and `+tags` in the local part and serves googlemail.com as gmail.com. */
const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);
const CANONICAL_GMAIL_DOMAIN = 'gmail.com';

/**
 * The shortest local part a typo of that many letters is believed on: two edits turn `ann` into `amy`, a different
 * person, while `jon.smyth` for `john.smith` is the same one mistyped.
 */
const SHORTEST_LOCAL_PART_FOR_DISTANCE = { 1: 3, 2: 6 } as const;

/**
 * How two different normalized addresses may belong to one person: one Gmail mailbox spelled two ways, or a one- or
 * two-letter slip in the local part on the same domain. Identical addresses are an equal value, not a similar one,
 * and give undefined. Dots and tags are significant on every other domain: providers differ, and `ann+shop@` may
 * be another person's alias there.
 */
export function emailSimilarity(a: string, b: string): EmailSimilarity | undefined {
  if (a === b) return undefined;
  const first = mailboxOf(a);
  const second = mailboxOf(b);
  if (!first || !second || first.domain !== second.domain) return undefined;
  if (first.local === second.local) return { kind: 'same_mailbox' };
  const distance = editDistance(first.local, second.local);
  if (distance !== 1 && distance !== 2) return undefined;
  const shorter = Math.min(Array.from(first.local).length, Array.from(second.local).length);
  return shorter >= SHORTEST_LOCAL_PART_FOR_DISTANCE[distance] ? { kind: 'typo', distance } : undefined;
}

/**
 * The domains an address on `domain` may share a mailbox with, as `mailboxOf` folds them: both Gmail domains for
 * either, otherwise the domain itself. Candidate search scans these, so it finds every pair this module can match.
 */
export function sameMailboxDomains(domain: string): string[] {
  return GMAIL_DOMAINS.has(domain) ? [...GMAIL_DOMAINS] : [domain];
}

function mailboxOf(email: string): { local: string; domain: string } | undefined {
  const at = email.lastIndexOf('@');
  if (at < 1) return undefined;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (!GMAIL_DOMAINS.has(domain)) return { local, domain };
  const mailbox = local.split('+', 1)[0].replaceAll('.', '');
  // `+tag@gmail.com` names no mailbox: it must not equal every other tag-only address.
  return mailbox ? { local: mailbox, domain: CANONICAL_GMAIL_DOMAIN } : undefined;
}
