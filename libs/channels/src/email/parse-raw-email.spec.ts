import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { MalformedPayloadError } from '../errors.js';
import { parseRawEmail } from './parse-raw-email.js';

function raw(...lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

const minimal = ['From: ann@example.com', 'To: support@shop.example', 'Subject: Hi', '', 'Hello'];

describe('parseRawEmail', () => {
  it('reads a message composed by a mail client', async () => {
    const invoice = Buffer.from('%PDF-1.4 invoice');
    const bytes = await new MailComposer({
      from: 'Ann Lee <Ann@Example.com>',
      to: ['support+abc123@shop.example', 'Bob <bob@example.com>'],
      cc: 'carol@example.com',
      subject: 'Re: Größe — order 1042',
      text: 'Does it come in blue?',
      html: '<p>Does it come in <b>blue</b>?</p>',
      messageId: '<reply-1@example.com>',
      inReplyTo: '<out-2@shop.example>',
      references: ['<out-1@shop.example>', '<out-2@shop.example>'],
      date: new Date('2026-03-01T10:00:00Z'),
      attachments: [{ filename: 'invoice.pdf', content: invoice, contentType: 'application/pdf' }],
    })
      .compile()
      .build();

    expect(await parseRawEmail(bytes)).toEqual({
      messageId: '<reply-1@example.com>',
      from: { address: 'Ann@example.com', name: 'Ann Lee' },
      text: 'Does it come in blue?',
      date: '2026-03-01T10:00:00.000Z',
      attachments: [
        {
          contentType: 'application/pdf',
          name: 'invoice.pdf',
          sha256: createHash('sha256').update(invoice).digest('hex'),
          size: invoice.length,
        },
      ],
      attachmentContents: [invoice],
      email: {
        subject: 'Re: Größe — order 1042',
        html: '<p>Does it come in <b>blue</b>?</p>',
        inReplyTo: '<out-2@shop.example>',
        references: ['<out-1@shop.example>', '<out-2@shop.example>'],
        to: ['support+abc123@shop.example', 'bob@example.com'],
        cc: ['carol@example.com'],
      },
      isAutoReply: false,
      headers: expect.any(Map),
    });
  });

  it.each([
    ['no References', [], []],
    ['one reference', ['References: <a@x>'], ['<a@x>']],
    ['several references', ['References: <a@x> <b@x>', ' <c@x>'], ['<a@x>', '<b@x>', '<c@x>']],
  ])('lists references: %s', async (_case, headerLines, references) => {
    const parsed = await parseRawEmail(raw('From: ann@example.com', ...headerLines, '', 'Hello'));
    expect(parsed.email.references).toEqual(references);
  });

  it('gives no html for a plain-text message', async () => {
    const parsed = await parseRawEmail(raw(...minimal));
    expect(parsed).toMatchObject({ text: 'Hello', email: { subject: 'Hi' }, from: { address: 'ann@example.com' } });
    expect(parsed.email.html).toBeUndefined();
    expect(parsed.from.name).toBeUndefined();
    expect(parsed.email.inReplyTo).toBeUndefined();
  });

  it('derives a stable Message-ID from the bytes when there is none', async () => {
    const bytes = raw(...minimal);
    const first = await parseRawEmail(bytes);
    const replay = await parseRawEmail(Buffer.from(bytes));
    const other = await parseRawEmail(raw(...minimal.slice(0, -1), 'Hello again'));
    expect(first.messageId).toBe(`<${createHash('sha256').update(bytes).digest('hex')}@sha256.invalid>`);
    expect(replay.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
  });

  it('reads text as its UTF-8 bytes, deriving the same Message-ID', async () => {
    const text = [
      'From: Zoë <zoe@example.com>',
      'Subject: Größe',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Grüße',
    ];
    const fromText = await parseRawEmail(text.join('\r\n'));
    expect(fromText).toEqual(await parseRawEmail(raw(...text)));
    expect(fromText).toMatchObject({ from: { name: 'Zoë' }, text: 'Grüße', email: { subject: 'Größe' } });
    expect(fromText.messageId).toBe(
      `<${createHash('sha256')
        .update(raw(...text))
        .digest('hex')}@sha256.invalid>`,
    );
  });

  it('flattens address groups and lists', async () => {
    const parsed = await parseRawEmail(
      raw(
        'From: ann@example.com',
        'To: support@shop.example, "Sales" <sales@shop.example>',
        'Cc: team: bob@example.com, carol@example.com;, dave@example.com',
        '',
        'Hello',
      ),
    );
    expect(parsed.email.to).toEqual(['support@shop.example', 'sales@shop.example']);
    expect(parsed.email.cc).toEqual(['bob@example.com', 'carol@example.com', 'dave@example.com']);
  });

  it('gives no date when the Date header cannot be read', async () => {
    expect((await parseRawEmail(raw('From: ann@example.com', 'Date: someday', '', 'x'))).date).toBeUndefined();
  });

  it.each([
    ['a person', [], false],
    ['a vacation reply', ['Auto-Submitted: auto-replied'], true],
    ['a folded Auto-Submitted header', ['Auto-Submitted:', ' auto-replied'], true],
    ['a bounce', ['Return-Path: <>', 'Content-Type: multipart/report; report-type=delivery-status; boundary=b'], true],
    ['a list message', ['Precedence: list'], true],
  ])('flags automatic mail: %s', async (_case, headerLines, expected) => {
    const parsed = await parseRawEmail(raw('From: ann@example.com', ...headerLines, '', 'Hello'));
    expect(parsed.isAutoReply).toBe(expected);
  });

  it('flags mail from the mailer daemon', async () => {
    const parsed = await parseRawEmail(
      raw('From: Mail Delivery System <MAILER-DAEMON@mx.example>', '', 'Undeliverable'),
    );
    expect(parsed.isAutoReply).toBe(true);
  });

  it.each([
    ['empty bytes', Buffer.alloc(0)],
    ['text without headers', raw('this is not an email at all')],
    ['binary noise', Buffer.from([0, 1, 2, 255, 254])],
    ['headers without From', raw('To: support@shop.example', 'Subject: Hi', '', 'Hello')],
    ['From without an address', raw('From: Ann Lee', '', 'Hello')],
    ['From an empty group', raw('From: undisclosed-recipients:;', '', 'Hello')],
    ['an empty From', raw('From: ', 'Subject: Hi', '', 'Hello')],
  ])('refuses %s', async (_case, bytes) => {
    await expect(parseRawEmail(bytes)).rejects.toThrow(MalformedPayloadError);
  });
});
