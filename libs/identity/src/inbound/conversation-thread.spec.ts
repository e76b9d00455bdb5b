import { describe, expect, it } from '@jest/globals';
import type { InboundMessage } from '@app/channels';
import { defaultConversationKey, serviceWindowExpiry, threadCandidates } from './conversation-thread.js';

const message = (overrides: Partial<InboundMessage>): InboundMessage => ({
  type: 'message',
  channelKind: 'whatsapp',
  externalId: 'm1',
  from: { address: '15550100123' },
  attachments: [],
  messageType: 'text',
  sentAt: '2026-03-01T10:00:00.000Z',
  ...overrides,
});
const context = { channelId: 'ch', identityId: 'id', identityAddress: '+15550100123' };

describe('defaultConversationKey', () => {
  it.each<[string, Partial<InboundMessage>, string]>([
    ['WhatsApp: per channel and identity', { channelKind: 'whatsapp' }, 'whatsapp:ch:id'],
    ['SMS: per our number and theirs', { channelKind: 'sms', to: '+1 555 010 0000' }, 'sms:+15550100000:+15550100123'],
    ['SMS without our number: per channel', { channelKind: 'sms' }, 'sms:ch:+15550100123'],
    ['email: a new thread per root message', { channelKind: 'email', externalId: '<a@x>' }, 'email:ch:id:<a@x>'],
    ['connector: per thread hint', { channelKind: 'api', threadHint: 'order-7' }, 'api:ch:id:order-7'],
    ['webchat without hint: one thread', { channelKind: 'webchat' }, 'webchat:ch:id:'],
  ])('%s', (_case, overrides, key) => {
    expect(defaultConversationKey(message(overrides), context)).toBe(key);
  });

  it('gives two SMS to different numbers of ours two conversations', () => {
    const a = defaultConversationKey(message({ channelKind: 'sms', to: '+15550100000' }), context);
    const b = defaultConversationKey(message({ channelKind: 'sms', to: '+15550100001' }), context);
    expect(a).not.toBe(b);
  });
});

describe('threadCandidates', () => {
  const email = (inReplyTo: string | undefined, references: string[]) =>
    message({ channelKind: 'email', email: { inReplyTo, references, to: [], cc: [] } });

  it.each<[string, InboundMessage, string[]]>([
    ['no headers', email(undefined, []), []],
    ['In-Reply-To first, then References newest first', email('<c>', ['<a>', '<b>', '<c>']), ['<c>', '<b>', '<a>']],
    ['References only', email(undefined, ['<a>', '<b>']), ['<b>', '<a>']],
    ['not an email', message({}), []],
  ])('%s', (_case, input, candidates) => {
    expect(threadCandidates(input)).toEqual(candidates);
  });
});

describe('serviceWindowExpiry', () => {
  it.each<[InboundMessage['channelKind'], string | undefined]>([
    ['whatsapp', '2026-03-02T10:00:00.000Z'],
    ['sms', undefined],
    ['email', undefined],
  ])('%s', (channelKind, expiry) => {
    const sentAt = new Date('2026-03-01T10:00:00.000Z');
    expect(serviceWindowExpiry(message({ channelKind }), sentAt)?.toISOString()).toBe(expiry);
  });
});
