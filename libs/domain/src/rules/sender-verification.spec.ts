import { describe, expect, it } from '@jest/globals';
import { emailSenderAuthenticated, mailgunSenderAuthenticated, senderMayJoin } from './sender-verification.js';

describe('emailSenderAuthenticated', () => {
  const aligned = { result: 'pass', alignedWithFrom: true };
  it.each([
    ['an aligned passing DKIM signature', { fromAddresses: 1, dkim: [aligned] }, true],
    ['DMARC pass without DKIM (SPF aligned)', { fromAddresses: 1, dkim: [], dmarc: 'pass' }, true],
    ['DMARC PASS in capitals', { fromAddresses: 1, dkim: [], dmarc: 'PASS' }, true],
    [
      'a passing signature of another domain',
      { fromAddresses: 1, dkim: [{ result: 'pass', alignedWithFrom: false }] },
      false,
    ],
    ['an aligned signature that fails', { fromAddresses: 1, dkim: [{ result: 'fail', alignedWithFrom: true }] }, false],
    [
      'an aligned signature whose body changed',
      { fromAddresses: 1, dkim: [{ result: 'neutral', alignedWithFrom: true }] },
      false,
    ],
    ['no signature and DMARC none', { fromAddresses: 1, dkim: [], dmarc: 'none' }, false],
    ['no signature and DMARC fail', { fromAddresses: 1, dkim: [], dmarc: 'fail' }, false],
    ['nothing at all', { fromAddresses: 1, dkim: [] }, false],
    [
      'one bad and one good aligned signature',
      { fromAddresses: 1, dkim: [{ result: 'fail', alignedWithFrom: true }, aligned] },
      true,
    ],
    ['two From addresses, even signed', { fromAddresses: 2, dkim: [aligned], dmarc: 'pass' }, false],
  ])('%s', (_case, authentication, expected) => {
    expect(emailSenderAuthenticated(authentication)).toBe(expected);
  });
});

describe('mailgunSenderAuthenticated', () => {
  it.each([
    ['DKIM Pass', { dkimCheckResult: 'Pass' }, true],
    ['DKIM Fail', { dkimCheckResult: 'Fail' }, false],
    ['DKIM absent, nothing else', {}, false],
    [
      'DKIM Fail and SPF Pass of the From domain',
      { dkimCheckResult: 'Fail', spf: 'Pass', fromDomain: 'x.com', envelopeDomain: 'x.com' },
      true,
    ],
    [
      'SPF Pass of a subdomain of the From domain',
      { spf: 'Pass', fromDomain: 'x.com', envelopeDomain: 'bounce.x.com' },
      true,
    ],
    ['SPF Pass of another domain', { spf: 'Pass', fromDomain: 'bank.com', envelopeDomain: 'evil.com' }, false],
    ['SPF Pass of a look-alike suffix', { spf: 'Pass', fromDomain: 'x.com', envelopeDomain: 'evilx.com' }, false],
    ['SPF Pass without an envelope sender', { spf: 'Pass', fromDomain: 'x.com' }, false],
    ['SPF SoftFail of the From domain', { spf: 'SoftFail', fromDomain: 'x.com', envelopeDomain: 'x.com' }, false],
  ])('%s', (_case, authentication, expected) => {
    expect(mailgunSenderAuthenticated(authentication)).toBe(expected);
  });
});

describe('senderMayJoin', () => {
  const distrusting = { trustUnauthenticatedEmail: false };
  const trusting = { trustUnauthenticatedEmail: true };
  it.each([
    ['a verified email', true, 'email', distrusting, true],
    ['a provider-authenticated sender (unset)', undefined, 'whatsapp', distrusting, true],
    ['an unverified email', false, 'email', distrusting, false],
    ['an unverified email when the tenant trusts email', false, 'email', trusting, true],
    ['an untrusted connector', false, 'api', distrusting, false],
    ['an untrusted connector when the tenant trusts email', false, 'webchat', trusting, false],
  ])('%s', (_case, verified, kind, settings, expected) => {
    expect(senderMayJoin(verified, kind, settings)).toBe(expected);
  });
});
