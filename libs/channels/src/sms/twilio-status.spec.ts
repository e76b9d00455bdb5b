import { describe, expect, it } from '@jest/globals';
import { MalformedPayloadError } from '../errors.js';
import { parseTwilioStatusCallback } from './twilio-status.js';

const receivedAt = new Date('2026-03-01T12:00:00.000Z');
const sid = `SM${'a1'.repeat(16)}`;
const callback = (extra: Record<string, string>) => ({
  MessageSid: sid,
  AccountSid: `AC${'0'.repeat(32)}`,
  From: '+15550100000',
  To: '+15550100123',
  ApiVersion: '2010-04-01',
  ...extra,
});

describe('parseTwilioStatusCallback', () => {
  it.each([
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'read'],
    ['undelivered', 'failed'],
    ['failed', 'failed'],
    ['canceled', 'failed'],
  ])('MessageStatus=%s → %s', (reported, status) => {
    expect(parseTwilioStatusCallback(callback({ MessageStatus: reported }), receivedAt)).toEqual({
      type: 'status',
      channelKind: 'sms',
      externalId: sid,
      status,
      at: '2026-03-01T12:00:00.000Z',
      recipient: '+15550100123',
    });
  });

  it.each(['queued', 'sending', 'accepted', 'scheduled', 'receiving', 'received'])(
    'skips %s (before sent, or not ours)',
    (reported) => {
      expect(parseTwilioStatusCallback(callback({ MessageStatus: reported }), receivedAt)).toBeUndefined();
    },
  );

  it('keeps the error code and message of a failure', () => {
    const status = parseTwilioStatusCallback(
      callback({ MessageStatus: 'undelivered', ErrorCode: '30006', ErrorMessage: 'Landline or unreachable carrier' }),
      receivedAt,
    );
    expect(status?.errors).toEqual([{ code: '30006', message: 'Landline or unreachable carrier' }]);
  });

  it('reads the older SmsSid and SmsStatus names', () => {
    const { MessageSid: _sid, ...withoutSid } = callback({});
    expect(parseTwilioStatusCallback({ ...withoutSid, SmsSid: sid, SmsStatus: 'delivered' }, receivedAt)?.status).toBe(
      'delivered',
    );
  });

  it.each([
    ['a missing MessageSid', { MessageSid: '', MessageStatus: 'sent' }],
    ['a malformed MessageSid', { MessageSid: 'XX1', MessageStatus: 'sent' }],
    ['a missing MessageStatus', {}],
  ])('refuses %s', (_case, extra) => {
    expect(() => parseTwilioStatusCallback(callback(extra), receivedAt)).toThrow(MalformedPayloadError);
  });
});
