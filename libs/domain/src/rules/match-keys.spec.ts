import { describe, expect, it } from '@jest/globals';
import {
  customer,
  email,
  emailIdentity,
  emailValue,
  loyaltyCard,
  P1,
  phone,
  phoneValue,
  webchat,
  whatsapp,
} from '@app/testing/fixtures';
import { editDistance } from './edit-distance.js';
import { emailSimilarity } from './email-similarity.js';
import {
  customerMatchKeys,
  identityMatchKeys,
  lookupKeys,
  neighbourhoodKeys,
  uniqueIdentifierKey,
} from './match-keys.js';

const shareAKey = (a: string, b: string) => {
  const keys = new Set(neighbourhoodKeys(a));
  return neighbourhoodKeys(b).some((key) => keys.has(key));
};

describe('neighbourhoodKeys', () => {
  it('is the local part whole and with each character deleted, on the mailbox domain', () => {
    expect(neighbourhoodKeys('j.ohn+x@googlemail.com')).toEqual([
      'n:john@gmail.com',
      'n:ohn@gmail.com',
      'n:jhn@gmail.com',
      'n:jon@gmail.com',
      'n:joh@gmail.com',
    ]);
  });

  it('repeated letters give one key', () => {
    expect(neighbourhoodKeys('anna@example.com')).toEqual([
      'n:anna@example.com',
      'n:nna@example.com',
      'n:ana@example.com',
      'n:ann@example.com',
    ]);
  });

  it.each([['al@example.com'], ['+tag@example.com'], ['not-an-email'], [`${'a'.repeat(65)}@example.com`]])(
    'none for %s',
    (value) => {
      expect(neighbourhoodKeys(value)).toEqual([]);
    },
  );

  it.each<[string, string, string]>([
    ['substitution', 'nils.kowalski20@gmail.com', 'nils.kowalski80@gmail.com'],
    ['transposition', 'john.smith@example.com', 'jhon.smith@example.com'],
    ['insertion', 'ann@example.com', 'anne@example.com'],
    ['deletion', 'john.smith@example.com', 'jon.smith@example.com'],
    ['a Gmail spelling and a typo', 'ann.smith+x@googlemail.com', 'anm.smith@gmail.com'],
    ['accented letter', 'josé@example.com', 'jose@example.com'],
  ])('a one-edit typo shares a key: %s', (_case, a, b) => {
    expect(emailSimilarity(a, b)).toEqual({ kind: 'typo', distance: 1 });
    expect(shareAKey(a, b)).toBe(true);
  });

  it.each<[string, string, string]>([
    ['other domain', 'john.smith@example.com', 'john.smith@example.org'],
    ['far apart', 'john.smith@example.com', 'mary.jones@example.com'],
    ['three edits', 'john.smith@example.com', 'jon.smyth2@example.com'],
  ])('no shared key: %s', (_case, a, b) => {
    expect(shareAKey(a, b)).toBe(false);
  });

  it('every pair of local parts one edit apart shares a key (all edits of a word)', () => {
    const word = 'kowalski20';
    const alphabet = ['a', 'k', 'z', '0', '8', '.'];
    const variants = new Set<string>();
    const letters = Array.from(word);
    for (let at = 0; at <= letters.length; at++) {
      for (const letter of alphabet) variants.add([...letters.slice(0, at), letter, ...letters.slice(at)].join(''));
      if (at < letters.length) {
        variants.add([...letters.slice(0, at), ...letters.slice(at + 1)].join(''));
        for (const letter of alphabet) {
          variants.add([...letters.slice(0, at), letter, ...letters.slice(at + 1)].join(''));
        }
      }
      if (at + 1 < letters.length) {
        const swapped = [...letters];
        [swapped[at], swapped[at + 1]] = [swapped[at + 1], swapped[at]];
        variants.add(swapped.join(''));
      }
    }
    for (const variant of variants) {
      if (editDistance(word, variant) !== 1) continue;
      expect([variant, shareAKey(`${word}@example.com`, `${variant}@example.com`)]).toEqual([variant, true]);
    }
  });
});

describe('customerMatchKeys', () => {
  it('contact values, mailboxes, neighbourhoods of emails and unique identifiers, sorted', () => {
    const held = customer('a', phone(P1), email('Ann+shop@Example.com'), loyaltyCard('8812'));
    expect(customerMatchKeys(held)).toEqual(
      [
        `v:${phoneValue(P1)}`,
        'v:ann+shop@example.com',
        'm:ann@example.com',
        'n:ann@example.com',
        'n:nn@example.com',
        'n:an@example.com',
        'u:loyaltyCard:8812',
      ].sort(),
    );
  });

  it('nothing held, no keys', () => {
    expect(customerMatchKeys({ contactData: [], uniqueIdentifiers: [] })).toEqual([]);
  });
});

describe('identityMatchKeys', () => {
  it('a phone identity: its value', () => {
    expect(identityMatchKeys(whatsapp(P1))).toEqual([`v:${phoneValue(P1)}`]);
  });

  it('an email identity: value, mailbox and neighbourhood', () => {
    expect(identityMatchKeys(emailIdentity('ann@example.com'))).toEqual(
      ['v:ann@example.com', 'm:ann@example.com', 'n:ann@example.com', 'n:nn@example.com', 'n:an@example.com'].sort(),
    );
  });

  it('an unverified sender: only the address it claims', () => {
    expect(identityMatchKeys({ ...emailIdentity('ann@example.com'), unverified: true })).toEqual([
      `v:${emailValue('ann@example.com')}`,
    ]);
  });

  it('an anonymous session: none', () => {
    expect(identityMatchKeys(webchat('s1'))).toEqual([]);
  });
});

describe('lookupKeys', () => {
  it('exact keys apart from fuzzy ones, from identities and customer fields', () => {
    const subject = customer('a', emailIdentity('ann@example.com'), phone(P1), loyaltyCard('8812'));
    expect(lookupKeys(subject)).toEqual({
      exact: [
        `v:${phoneValue(P1)}`,
        'v:ann@example.com',
        'm:ann@example.com',
        uniqueIdentifierKey({ type: 'loyaltyCard', value: '8812' }),
      ].sort(),
      fuzzy: ['n:ann@example.com', 'n:nn@example.com', 'n:an@example.com'].sort(),
    });
  });
});
