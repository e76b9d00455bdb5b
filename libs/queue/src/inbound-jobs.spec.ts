import { describe, expect, it } from '@jest/globals';
import type { InboundEvent } from '@app/channels';
import { inboundJobId } from './inbound-jobs.js';

const message = (externalId: string): InboundEvent => ({
  type: 'message',
  channelKind: 'whatsapp',
  externalId,
  from: { address: '15550100' },
  attachments: [],
  messageType: 'text',
  sentAt: '2026-01-01T00:00:00.000Z',
});
const status = (externalId: string, value: 'sent' | 'read'): InboundEvent => ({
  type: 'status',
  channelKind: 'whatsapp',
  externalId,
  status: value,
  at: '2026-01-01T00:00:00.000Z',
});

describe('inboundJobId', () => {
  it.each([
    ['the same message twice', message('wamid.A=='), message('wamid.A=='), true],
    ['two messages', message('wamid.A=='), message('wamid.B=='), false],
    ['a message and a status of the same id', message('wamid.A=='), status('wamid.A==', 'sent'), false],
    ['two statuses of one message', status('wamid.A==', 'sent'), status('wamid.A==', 'read'), false],
    ['the same status twice', status('wamid.A==', 'read'), status('wamid.A==', 'read'), true],
  ])('%s → same id: %s', (_case, a, b, same) => {
    expect(inboundJobId({ channelId: 'c1', event: a }) === inboundJobId({ channelId: 'c1', event: b })).toBe(same);
  });

  it('differs per channel and never contains a colon', () => {
    const id = inboundJobId({ channelId: 'c1', event: message('<a:b@example.com>') });
    expect(id).not.toContain(':');
    expect(id).not.toEqual(inboundJobId({ channelId: 'c2', event: message('<a:b@example.com>') }));
  });
});
