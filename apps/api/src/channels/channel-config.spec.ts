import { parseChannelConfig } from './channel-config.js';

const whatsapp = { phoneNumberId: '106540352242922', appSecret: 'appsecret-123', verifyToken: 'verify-123' };
const sms = { accountSid: `AC${'a'.repeat(32)}`, authToken: 'token-12345', phoneNumber: '+15550100000' };

describe('parseChannelConfig', () => {
  it.each([
    [
      'whatsapp',
      whatsapp,
      { phoneNumberId: whatsapp.phoneNumberId },
      { appSecret: 'appsecret-123', verifyToken: 'verify-123' },
    ],
    [
      'whatsapp',
      { ...whatsapp, accessToken: 'EAAG-token-123' },
      { phoneNumberId: whatsapp.phoneNumberId },
      { appSecret: 'appsecret-123', verifyToken: 'verify-123', accessToken: 'EAAG-token-123' },
    ],
    ['sms', sms, { accountSid: sms.accountSid, phoneNumber: '+15550100000' }, { authToken: 'token-12345' }],
    [
      'email',
      { addresses: [' Support@Demo.Example '.trim()], mailgunSigningKey: 'key-12345678' },
      { addresses: ['support@demo.example'] },
      { mailgunSigningKey: 'key-12345678' },
    ],
    ['email', { addresses: ['help@demo.example'] }, { addresses: ['help@demo.example'] }, {}],
    [
      'email',
      {
        addresses: ['help@demo.example'],
        replyFrom: 'help@demo.example',
        smtp: { host: 'smtp.relay.example', port: 587, user: 'help', password: 'relay-password', tls: 'starttls' },
      },
      {
        addresses: ['help@demo.example'],
        replyFrom: 'help@demo.example',
        smtp: { host: 'smtp.relay.example', port: 587, user: 'help', tls: 'starttls' },
      },
      { smtpPassword: 'relay-password' },
    ],
    [
      'email',
      { addresses: ['help@demo.example'], mailgunApiKey: 'key-1234567890', mailgunDomain: 'mg.demo.example' },
      { addresses: ['help@demo.example'], mailgunDomain: 'mg.demo.example' },
      { mailgunApiKey: 'key-1234567890' },
    ],
    ['api', {}, {}, {}],
    ['webchat', {}, {}, {}],
    [
      'webchat',
      { callbackUrl: 'https://chat.example/replies', callbackSecret: 'callback-secret-1234' },
      { callbackUrl: 'https://chat.example/replies' },
      { callbackSecret: 'callback-secret-1234' },
    ],
  ] as const)('%s splits settings from secrets', (kind, config, settings, secrets) => {
    expect(parseChannelConfig(kind, { ...config })).toEqual({ settings, secrets });
  });

  it.each([
    ['whatsapp', { ...whatsapp, phoneNumberId: 'abc' }, 'config.phoneNumberId'],
    ['whatsapp', { phoneNumberId: '123456' }, 'config.appSecret'],
    ['whatsapp', { ...whatsapp, accessToken: 'short' }, 'config.accessToken'],
    ['sms', { ...sms, accountSid: 'XX1' }, 'config.accountSid'],
    ['sms', { ...sms, phoneNumber: '555-0100' }, 'config.phoneNumber'],
    ['email', { addresses: [] }, 'config.addresses'],
    ['email', { addresses: ['not-an-email'] }, 'config.addresses'],
    ['email', { addresses: ['a@x.example'], mailgunApiKey: 'key-1234567890' }, 'config.mailgunDomain'],
    ['email', { addresses: ['a@x.example'], mailgunDomain: 'mg.x.example' }, 'config.mailgunApiKey'],
    ['email', { addresses: ['a@x.example'], smtp: { host: 'relay.example', port: 70000 } }, 'config.smtp.port'],
    ['email', { addresses: ['a@x.example'], smtp: { host: 'relay.example', port: 25, tls: 'ssl' } }, 'config.smtp.tls'],
    ['api', { surprise: true }, 'config.surprise'],
    ['api', { callbackUrl: 'https://chat.example/replies' }, 'config.callbackSecret'],
    ['webchat', { callbackUrl: 'not a url', callbackSecret: 'callback-secret-1234' }, 'config.callbackUrl'],
    ['webchat', { callbackSecret: 'callback-secret-1234' }, 'config.callbackUrl'],
  ] as const)('%s refuses %j', (kind, config, field) => {
    const result = parseChannelConfig(kind, { ...config });
    expect(result).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('keeps the stored relay password when the relay changes without it', () => {
    const stored = { addresses: ['a@x.example'], smtp: { host: 'old.example', port: 25 }, smtpPassword: 'pw-1' };
    expect(parseChannelConfig('email', { ...stored, smtp: { host: 'new.example', port: 587 } })).toEqual({
      settings: { addresses: ['a@x.example'], smtp: { host: 'new.example', port: 587 } },
      secrets: { smtpPassword: 'pw-1' },
    });
  });
});
