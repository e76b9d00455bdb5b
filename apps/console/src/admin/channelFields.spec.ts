import { describe, expect, it } from '@jest/globals';
import { CONFIG_FIELDS, configOf, secretFields } from './channelFields';

describe('configOf', () => {
  it.each([
    [
      'whatsapp',
      { phoneNumberId: ' 123456 ', appSecret: 's3cret-value', verifyToken: '' },
      { phoneNumberId: '123456', appSecret: 's3cret-value' },
    ],
    [
      'email',
      { addresses: 'a@x.example\n b@x.example ,c@x.example\n\n' },
      { addresses: ['a@x.example', 'b@x.example', 'c@x.example'] },
    ],
    ['api', { anything: 'ignored' }, {}],
    [
      'webchat',
      { callbackUrl: ' https://chat.example/replies ', callbackSecret: 'callback-secret-1234' },
      { callbackUrl: 'https://chat.example/replies', callbackSecret: 'callback-secret-1234' },
    ],
  ] as const)('%s: %j → %j', (kind, values, config) => {
    expect(configOf(CONFIG_FIELDS[kind], values)).toEqual(config);
  });
});

describe('secretFields', () => {
  it.each([
    ['whatsapp', ['appSecret', 'verifyToken', 'accessToken']],
    ['sms', ['authToken']],
    ['email', ['mailgunSigningKey', 'mailgunApiKey']],
    ['webchat', ['callbackSecret']],
  ] as const)('%s rotates %j', (kind, names) => {
    expect(secretFields(kind).map((field) => field.name)).toEqual(names);
  });
});
