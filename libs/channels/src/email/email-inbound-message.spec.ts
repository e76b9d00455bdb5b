import { emailInboundMessage } from './email-inbound-message.js';
import type { ParsedEmail } from './parse-raw-email.js';

const receivedAt = new Date('2026-03-02T08:00:00.000Z');
const email: ParsedEmail = {
  messageId: '<reply-1@example.com>',
  from: { address: 'Ann@Example.com', name: 'Ann Lee' },
  text: 'Does it come in blue?',
  date: '2026-03-01T10:00:00.000Z',
  attachments: [{ contentType: 'application/pdf', name: 'invoice.pdf', sha256: 'ab12', size: 16 }],
  attachmentContents: [Buffer.from('%PDF-1.7 invoice')],
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

  it('cuts a text body over the limit, recording the original size', () => {
    const message = emailInboundMessage({ ...email, text: 'x'.repeat(40) }, receivedAt, 30);
    expect(message).toMatchObject({ text: 'x'.repeat(30), truncated: true, originalSize: 40 });
    expect(message.email?.html).toBe('<p>Does it come in blue?</p>');
  });

  it('cuts an HTML body over the limit too, recording the larger original', () => {
    const html = `<p>${'y'.repeat(50)}</p>`;
    const message = emailInboundMessage(
      { ...email, text: 'x'.repeat(40), email: { ...email.email, html } },
      receivedAt,
      30,
    );
    expect(message).toMatchObject({ truncated: true, originalSize: 57, email: { html: html.slice(0, 30) } });
  });

  it('marks nothing when the bodies are within the limit', () => {
    const message = emailInboundMessage(email, receivedAt, 1024);
    expect(message.truncated).toBeUndefined();
    expect(message.originalSize).toBeUndefined();
  });
});
