import { describe, expect, it } from '@jest/globals';
import { readMailgunForm } from './mailgun-form.js';

describe('readMailgunForm', () => {
  it('reads the signed fields, the MIME and the envelope', () => {
    expect(
      readMailgunForm({
        timestamp: '1700000000',
        token: 'tok',
        signature: 'sig',
        'body-mime': 'From: a@x\r\n\r\nhi',
        sender: 'a@x',
        recipient: 'support@x',
        subject: 'ignored',
      }),
    ).toEqual({
      signed: { timestamp: '1700000000', token: 'tok', signature: 'sig' },
      mime: 'From: a@x\r\n\r\nhi',
      sender: 'a@x',
      recipients: ['support@x'],
    });
  });

  it.each<[string, unknown, string[]]>([
    ['several recipients', 'a@x, b@x ,c@x', ['a@x', 'b@x', 'c@x']],
    ['empty entries', ' , a@x,,', ['a@x']],
    ['no recipient', undefined, []],
    ['a recipient that is not text', ['a@x'], []],
  ])('splits %s', (_case, recipient, expected) => {
    expect(readMailgunForm({ recipient }).recipients).toEqual(expected);
  });

  it('leaves fields that are not text undefined', () => {
    expect(readMailgunForm({ timestamp: 1, token: ['t'], 'body-mime': { x: 1 }, sender: '' })).toEqual({
      signed: { timestamp: undefined, token: undefined, signature: undefined },
      mime: undefined,
      sender: '',
      recipients: [],
    });
  });
});
