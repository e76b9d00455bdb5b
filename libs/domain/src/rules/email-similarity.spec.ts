import { describe, expect, it } from '@jest/globals';
import {
  canonicalMailbox,
  changesNumber,
  emailSimilarity,
  sameMailboxDomains,
  type EmailSimilarity,
} from './email-similarity.js';

const sameMailbox: EmailSimilarity = { kind: 'same_mailbox' };
const typo = (distance: 1 | 2): EmailSimilarity => ({ kind: 'typo', distance });

describe('emailSimilarity', () => {
  it.each<[string, string, string, EmailSimilarity | undefined]>([
    ['identical is an equal value, not a similar one', 'ann.smith@example.com', 'ann.smith@example.com', undefined],
    ['identical gmail', 'ann.smith@gmail.com', 'ann.smith@gmail.com', undefined],
    ['gmail dots', 'ann.smith@gmail.com', 'annsmith@gmail.com', sameMailbox],
    ['gmail dots anywhere', 'a.n.n.smith@gmail.com', 'ann.smi.th@gmail.com', sameMailbox],
    ['gmail plus tag', 'annsmith+shop@gmail.com', 'annsmith@gmail.com', sameMailbox],
    ['gmail plus tag and dots', 'ann.smith+a+b@gmail.com', 'annsmith+c@gmail.com', sameMailbox],
    ['googlemail is gmail', 'annsmith@googlemail.com', 'annsmith@gmail.com', sameMailbox],
    ['googlemail with dots and tag', 'ann.smith+x@googlemail.com', 'annsmith@gmail.com', sameMailbox],
    ['gmail typo after canonical form', 'ann.smith@gmail.com', 'anm.smith+x@googlemail.com', typo(1)],
    ['gmail tag-only local part names no mailbox', '+shop@gmail.com', '+news@gmail.com', undefined],
    ['dots matter outside gmail', 'ann.smith@example.com', 'annsmith@example.com', typo(1)],
    ['plus tags on any provider', 'annsmith+shop@example.com', 'annsmith@example.com', sameMailbox],
    ['plus tags keep dots outside gmail', 'ann.smith+shop@example.com', 'annsmith@example.com', typo(1)],
    ['tag-only local part names no mailbox anywhere', '+shop@example.com', '+news@example.com', undefined],
    ['dots on gmail-like but other domains', 'a.nn.smith@gmail.co.uk', 'annsmith@gmail.co.uk', typo(2)],
    ['googlemail-like domain is not gmail', 'annsmith@googlemail.co', 'annsmith@gmail.com', undefined],
    ['distance 1: substitution', 'john.smith@example.com', 'john.smoth@example.com', typo(1)],
    ['distance 1: transposition', 'john.smith@example.com', 'jhon.smith@example.com', typo(1)],
    ['distance 1: insertion', 'john.smith@example.com', 'johnn.smith@example.com', typo(1)],
    ['distance 1: deletion', 'john.smith@example.com', 'jon.smith@example.com', typo(1)],
    ['distance 2', 'john.smith@example.com', 'jon.smyth@example.com', typo(2)],
    ['distance 3', 'john.smith@example.com', 'jon.smyth2@example.com', undefined],
    ['far apart', 'john.smith@example.com', 'mary.jones@example.com', undefined],
    ['same local part, other domain', 'john.smith@example.com', 'john.smith@example.org', undefined],
    ['typo across domains', 'john.smith@example.com', 'jon.smith@example.org', undefined],
    ['domain typo is not a local-part typo', 'john.smith@gmail.com', 'john.smith@gmial.com', undefined],
    ['short: one letter on three', 'ann@example.com', 'anne@example.com', typo(1)],
    ['short: two letters on three is another name', 'ann@example.com', 'amy@example.com', undefined],
    ['short: one letter on two', 'al@example.com', 'ali@example.com', undefined],
    ['two letters need six', 'annabel@example.com', 'anabell@example.com', typo(2)],
    ['two letters on five', 'maria@example.com', 'mario2@example.com', undefined],
    ['unicode local part', 'josé@example.com', 'jose@example.com', typo(1)],
  ])('%s: %s ↔ %s', (_case, a, b, expected) => {
    expect(emailSimilarity(a, b)).toEqual(expected);
    expect(emailSimilarity(b, a)).toEqual(expected);
  });
});

describe('sameMailboxDomains', () => {
  it.each([
    ['gmail.com', ['gmail.com', 'googlemail.com']],
    ['googlemail.com', ['gmail.com', 'googlemail.com']],
    ['example.com', ['example.com']],
  ])('%s', (domain, expected) => {
    expect(sameMailboxDomains(domain).sort()).toEqual(expected);
  });

  it('covers every domain emailSimilarity matches a mailbox across', () => {
    expect(emailSimilarity('ann.lee@googlemail.com', 'annlee@gmail.com')).toEqual({ kind: 'same_mailbox' });
    expect(sameMailboxDomains('googlemail.com')).toContain('gmail.com');
  });
});

describe('canonicalMailbox', () => {
  it.each<[string, string | undefined]>([
    ['ann.smith@example.com', 'ann.smith@example.com'],
    ['ann.smith+shop@example.com', 'ann.smith@example.com'],
    ['ann.smith+x@googlemail.com', 'annsmith@gmail.com'],
    ['a.n.n+b+c@gmail.com', 'ann@gmail.com'],
    ['+shop@gmail.com', undefined],
    ['no-at-sign', undefined],
  ])('%s → %s', (email, mailbox) => {
    expect(canonicalMailbox(email)).toBe(mailbox);
  });
});

describe('changesNumber', () => {
  it.each<[string, string, string, boolean]>([
    ['another number', 'nils.kowalski20@gmail.com', 'nils.kowalski80@gmail.com', true],
    ['a digit added', 'ann@example.com', 'ann2@example.com', true],
    ['a digit dropped', 'ann.lee85@example.com', 'ann.lee8@example.com', true],
    ['two digits swapped', 'ann.lee85@example.com', 'ann.lee58@example.com', false],
    ['a letter typo beside a number', 'john.smith1@example.com', 'jhon.smith1@example.com', false],
    ['no digits at all', 'john.smith@example.com', 'john.smoth@example.com', false],
    ['the tag is not the mailbox', 'ann+2024@example.com', 'anm@example.com', false],
  ])('%s: %s ↔ %s', (_case, a, b, expected) => {
    expect(changesNumber(a, b)).toBe(expected);
    expect(changesNumber(b, a)).toBe(expected);
  });
});
