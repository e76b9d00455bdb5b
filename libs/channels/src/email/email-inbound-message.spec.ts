import { emailInboundMessage } from './email-inbound-message.js';
import type { ParsedEmail } from './parse-raw-email.js';

const receivedAt = new Date('2026-03-02T08:00:00.000Z');
const email: ParsedEmail = {
  messageId: '<reply-1@example.com>',
  from: { address: 'Ann@Example.com', name: 'Ann Lee' },
  text: 'Does it come in blue?',
  date: '2026-03-01T10:00:00.000Z',
  attachments: [{ contentType: 'application/pdf', name: 'invoice.pdf', sha256: 'ab12', size: 16 }],
  email: {
    subject: 'Re: order 1042',
    html: '<p>Does it come in blue?</p>',
    inReplyTo: '<out-2@shop.example>',
    references: ['<out-1@shop.example>', '<out-2@shop.example>'],
    to: ['support+abc123@shop.example', 'bob@example.com'],
    cc: ['carol@example.com'],
  },
  isAutoReply: false,
  headers: new Map(),
};

describe('emailInboundMessage', () => {
  it('carries the email as an inbound message', () => {
    expect(emailInboundMessage(email, receivedAt)).toEqual({
      type: 'message',
      channelKind: 'email',
      externalId: '<reply-1@example.com>',
      from: { address: 'Ann@Example.com', name: 'Ann Lee' },
      to: 'support+abc123@shop.example',
      text: 'Does it come in blue?',
      attachments: [{ contentType: 'application/pdf', name: 'invoice.pdf', sha256: 'ab12', size: 16 }],
      email: {
        subject: 'Re: order 1042',
        html: '<p>Does it come in blue?</p>',
        inReplyTo: '<out-2@shop.example>',
        references: ['<out-1@shop.example>', '<out-2@shop.example>'],
        to: ['support+abc123@shop.example', 'bob@example.com'],
        cc: ['carol@example.com'],
      },
      messageType: 'email',
      sentAt: '2026-03-01T10:00:00.000Z',
    });
  });

  it('dates an undated email when it arrived', () => {
    expect(emailInboundMessage({ ...email, date: undefined }, receivedAt).sentAt).toBe('2026-03-02T08:00:00.000Z');
  });
});
