import { describe, expect, it } from '@jest/globals';
import { connectorMessage } from './connector-message.js';

const receivedAt = new Date('2026-03-01T10:00:00.000Z');

describe('connectorMessage', () => {
  it('carries every field of the normalized message, dated as sent', () => {
    const message = connectorMessage(
      'api',
      {
        externalId: 'm-1',
        from: { address: '+4915112345678', name: 'Ann' },
        text: 'Hi',
        attachments: [{ url: 'https://cdn.example.com/a.pdf', contentType: 'application/pdf', name: 'a.pdf' }],
        sentAt: '2026-03-01T09:30:00+01:00',
        threadHint: 'order-1',
      },
      receivedAt,
    );
    expect(message).toEqual({
      type: 'message',
      channelKind: 'api',
      externalId: 'm-1',
      from: { address: '+4915112345678', sessionId: undefined, name: 'Ann' },
      text: 'Hi',
      attachments: [{ url: 'https://cdn.example.com/a.pdf', contentType: 'application/pdf', name: 'a.pdf' }],
      messageType: 'text',
      sentAt: '2026-03-01T08:30:00.000Z',
      threadHint: 'order-1',
    });
  });

  it('is an anonymous webchat message dated when received when it has only a session', () => {
    const message = connectorMessage('webchat', { externalId: 'm-2', from: { sessionId: 's-1' } }, receivedAt);
    expect(message).toMatchObject({
      channelKind: 'webchat',
      from: { sessionId: 's-1' },
      attachments: [],
      sentAt: '2026-03-01T10:00:00.000Z',
    });
    expect(message.from.address).toBeUndefined();
  });
});
