import { describe, expect, it } from '@jest/globals';
import { emailThreading, plusAddress, replyFromAddress, replyMessageId } from './email-reply.js';

describe('emailThreading', () => {
  it.each([
    [
      'the first answer to a message',
      { externalId: '<m1@customer.example>', email: { subject: 'Order 4711', references: [], to: [], cc: [] } },
      undefined,
      { subject: 'Re: Order 4711', inReplyTo: '<m1@customer.example>', references: ['<m1@customer.example>'] },
    ],
    [
      'an answer deep in a thread',
      {
        externalId: '<m3@customer.example>',
        email: { subject: 'RE: Order 4711', references: ['<m1@c>', '<reply.1@us>'], to: [], cc: [] },
      },
      'Order 4711',
      {
        subject: 'RE: Order 4711',
        inReplyTo: '<m3@customer.example>',
        references: ['<m1@c>', '<reply.1@us>', '<m3@customer.example>'],
      },
    ],
    [
      'a parent already in its References',
      { externalId: '<m1@c>', email: { subject: 'Hi', references: ['<m1@c>'], to: [], cc: [] } },
      undefined,
      { subject: 'Re: Hi', inReplyTo: '<m1@c>', references: ['<m1@c>'] },
    ],
    [
      'no parent, the conversation’s subject',
      undefined,
      'Your invoice',
      { subject: 'Re: Your invoice', references: [] },
    ],
    ['nothing to go by', undefined, undefined, { subject: 'Re: your message', references: [] }],
  ])('%s', (_case, parent, subject, expected) => {
    expect(emailThreading(parent, subject)).toEqual(expected);
  });

  it('keeps the root and the latest ids of a very long thread', () => {
    const references = Array.from({ length: 30 }, (_, n) => `<m${n}@c>`);
    const threading = emailThreading({ externalId: '<m30@c>', email: { references, to: [], cc: [] } }, 'x');
    expect(threading.references).toHaveLength(20);
    expect(threading.references[0]).toBe('<m0@c>');
    expect(threading.references.at(-1)).toBe('<m30@c>');
  });
});

describe('addresses', () => {
  it.each([
    ['support@acme.example', 'c1', 'support+c1@acme.example'],
    ['support+old@acme.example', 'c1', 'support+c1@acme.example'],
  ])('plusAddress(%s, %s) → %s', (address, token, expected) => {
    expect(plusAddress(address, token)).toBe(expected);
  });

  it('replies from the named address, else the first', () => {
    expect(replyFromAddress({ addresses: ['a@x.example', 'b@x.example'], replyFrom: 'b@x.example' })).toBe(
      'b@x.example',
    );
    expect(replyFromAddress({ addresses: ['a@x.example', 'b@x.example'] })).toBe('a@x.example');
    expect(replyFromAddress({})).toBeUndefined();
  });

  it('makes the Message-ID on the sending domain', () => {
    expect(replyMessageId('65f0', 'help@acme.example')).toBe('<reply.65f0@acme.example>');
  });
});
