import { editDistance } from './edit-distance.js';

export type EmailSimilarity = { kind: 'same_mailbox' } | { kind: 'typo'; distance: 1 | 2 };

/** Gmail ignores dots and `+tags` in the local part and serves googlemail.com as gmail.com. */
const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);
const CANONICAL_GMAIL_DOMAIN = 'gmail.com';

/**
 * The shortest local part a typo of that many letters is believed on: two edits turn `ann` into `amy`, a different
 * person, while `jon.smyth` for `john.smith` is the same one mistyped.
 */
export const SHORTEST_LOCAL_PART_FOR_DISTANCE = { 1: 3, 2: 6 } as const;

/**
 * How two different normalized addresses may belong to one person: one mailbox spelled two ways (a `+tag` on any
 * provider — the sub-addressing Gmail, Outlook, iCloud, Fastmail and Proton all deliver to the untagged mailbox —
 * and Gmail's dots and googlemail.com), or a one- or two-letter slip in the local part on the same domain. Identical
 * addresses are an equal value, not a similar one, and give undefined. Dots are significant outside Gmail.
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
 * Whether two local parts differ in the number they carry (`nils.kowalski20` and `nils.kowalski80`, `ann` and
 * `ann2`): people tell themselves apart by such numbers, so a slip there is weak evidence. Two digits swapped
 * (`85` for `58`) are a slip of the hand like swapped letters, not another number.
 */
export function changesNumber(a: string, b: string): boolean {
  const digitsOf = (email: string) => (mailboxOf(email)?.local ?? email).replace(/\D/g, '');
  const first = digitsOf(a);
  const second = digitsOf(b);
  if (first === second) return false;
  return !(first.length === second.length && editDistance(first, second) === 1 && sameLetters(first, second));
}

function sameLetters(a: string, b: string): boolean {
  return [...a].sort().join('') === [...b].sort().join('');
}

/**
 * The domains an address on `domain` may share a mailbox with, as `mailboxOf` folds them: both Gmail domains for
 * either, otherwise the domain itself.
 */
export function sameMailboxDomains(domain: string): string[] {
  return GMAIL_DOMAINS.has(domain) ? [...GMAIL_DOMAINS] : [domain];
}

/** The mailbox an address delivers to, `local@domain` folded as above; undefined when it names none. */
export function canonicalMailbox(email: string): string | undefined {
  const mailbox = mailboxOf(email);
  return mailbox && `${mailbox.local}@${mailbox.domain}`;
}

export function mailboxOf(email: string): { local: string; domain: string } | undefined {
  const at = email.lastIndexOf('@');
  if (at < 1) return undefined;
  const domain = email.slice(at + 1);
  const untagged = email.slice(0, at).split('+', 1)[0];
  const gmail = GMAIL_DOMAINS.has(domain);
  const local = gmail ? untagged.replaceAll('.', '') : untagged;
  // `+tag@…` names no mailbox: it must not equal every other tag-only address.
  if (!local) return undefined;
  return { local, domain: gmail ? CANONICAL_GMAIL_DOMAIN : domain };
}
