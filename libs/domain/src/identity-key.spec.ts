import { describe, expect, it } from '@jest/globals';
import type { ChannelKind } from './vocabulary.js';
import { identityKeyFor, UnusableSenderError, type SenderAddress } from './identity-key.js';

describe('identityKeyFor', () => {
  it.each<[ChannelKind, SenderAddress, string, string | undefined]>([
    ['whatsapp', { address: '15550100123' }, 'whatsapp:+15550100123', 'phone'],
    ['sms', { address: '+1 555-010-0123' }, 'sms:+15550100123', 'phone'],
    ['sms', { address: 'whatsapp:+15550100123' }, 'sms:+15550100123', 'phone'],
    ['email', { address: 'Ann <Ann@Example.COM>' }, 'email:ann@example.com', 'email'],
    ['email', { address: ' ann@example.com ' }, 'email:ann@example.com', 'email'],
    ['api', { address: 'ann@example.com' }, 'api:ann@example.com', 'email'],
    ['api', { address: '+15550100123' }, 'api:+15550100123', 'phone'],
    ['webchat', { sessionId: 's-1' }, 'webchat:ch1:session:s-1', undefined],
    ['api', { address: '  ', sessionId: 's-2' }, 'api:ch1:session:s-2', undefined],
    ['whatsapp', { providerUserId: 'US.13491208655302741918' }, 'whatsapp:user:US.13491208655302741918', undefined],
    ['whatsapp', { address: '15550100123', providerUserId: 'US.1' }, 'whatsapp:+15550100123', 'phone'],
  ])('%s %j → %s', (kind, sender, key, identifierType) => {
    const identity = identityKeyFor(kind, 'ch1', sender);
    expect(identity.key).toBe(key);
    expect(identity.anonymous ? undefined : identity.identifierType).toBe(identifierType);
  });

  it('keeps the raw value for display', () => {
    const identity = identityKeyFor('email', 'ch1', { address: 'Ann@Example.com' });
    expect(identity).toMatchObject({ address: 'ann@example.com', displayAddress: 'Ann@Example.com' });
  });

  it('gives WhatsApp and SMS of one number the same identifier', () => {
    const whatsapp = identityKeyFor('whatsapp', 'ch1', { address: '15550100123' });
    const sms = identityKeyFor('sms', 'ch2', { address: '+15550100123' });
    expect(whatsapp.anonymous || sms.anonymous).toBe(false);
    if (!whatsapp.anonymous && !sms.anonymous) expect(whatsapp.address).toBe(sms.address);
  });

  it.each<[ChannelKind, SenderAddress]>([
    ['webchat', {}],
    ['api', { address: '  ' }],
  ])('refuses %s %j', (kind, sender) => {
    expect(() => identityKeyFor(kind, 'ch1', sender)).toThrow(UnusableSenderError);
  });

  it.each<[ChannelKind, string, string]>([
    ['sms', '12345', 'sms:ch1:unusable:12345'],
    ['sms', 'AMAZON', 'sms:ch1:unusable:AMAZON'],
    ['sms', 'not a phone', 'sms:ch1:unusable:not a phone'],
    ['email', 'nobody', 'email:ch1:unusable:nobody'],
    ['api', '+1 (555) 01', 'api:ch1:unusable:+1 (555) 01'],
  ])('keeps %s from the unusable address %j on an identity of its own that matches nothing', (kind, address, key) => {
    expect(identityKeyFor(kind, 'ch1', { address })).toEqual({ anonymous: true, key, unusableAddress: address });
  });

  it('keys unusable addresses per channel', () => {
    expect(identityKeyFor('sms', 'ch1', { address: 'AMAZON' }).key).not.toBe(
      identityKeyFor('sms', 'ch2', { address: 'AMAZON' }).key,
    );
  });
});
