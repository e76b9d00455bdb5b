import { describe, expect, it, jest } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { MalformedPayloadError } from '@app/channels';
import { QueueUnavailableError } from '@app/queue';
import type { IngressChannel } from '../ingress-channel.js';
import type { IngressChannelsService } from '../ingress-channels.service.js';
import type { EmailIngressService } from '@app/identity';
import type { MailgunTokensService } from './mailgun-tokens.service.js';
import { MailgunWebhookService } from './mailgun-webhook.service.js';

const channel: IngressChannel = {
  id: 'c1',
  tenantId: 't1',
  kind: 'email',
  settings: { addresses: ['support@x.example'] },
  secrets: { mailgunSigningKey: 'signing-key' },
};

function signedForm(): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const token = 'a'.repeat(50);
  const signature = createHmac('sha256', 'signing-key')
    .update(timestamp + token)
    .digest('hex');
  return { timestamp, token, signature, 'body-mime': 'raw', recipient: 'support@x.example' };
}

function serviceWith(ingest: () => Promise<unknown>, claimed = true) {
  const tokens = {
    claim: jest.fn(async (_channelId: string, _token: string) => claimed),
    release: jest.fn(async (_channelId: string, _token: string) => undefined),
  };
  const channels = { forWebhook: async () => channel } as unknown as IngressChannelsService;
  const email = { ingestRawEmail: jest.fn(ingest) } as unknown as EmailIngressService;
  const service = new MailgunWebhookService(channels, tokens as unknown as MailgunTokensService, email);
  return { service, tokens, email };
}

describe('MailgunWebhookService token claims', () => {
  it('keeps the claim once the email is queued', async () => {
    const { service, tokens, email } = serviceWith(async () => undefined);
    await service.receive('c1', signedForm());
    expect(email.ingestRawEmail).toHaveBeenCalledWith('raw', {
      mailFrom: undefined,
      deliveries: [{ tenantId: 't1', channelId: 'c1', recipients: ['support@x.example'] }],
      senderVerified: expect.any(Function),
    });
    expect(tokens.claim).toHaveBeenCalledWith('c1', 'a'.repeat(50));
    expect(tokens.release).not.toHaveBeenCalled();
  });

  it('releases the claim when queueing fails, so the retry is not taken for a replay', async () => {
    const { service, tokens } = serviceWith(async () => {
      throw new QueueUnavailableError(new Error('redis down'));
    });
    await expect(service.receive('c1', signedForm())).rejects.toBeInstanceOf(QueueUnavailableError);
    expect(tokens.release).toHaveBeenCalledWith('c1', 'a'.repeat(50));
  });

  it('keeps the claim of an unreadable email: retrying it cannot help', async () => {
    const { service, tokens } = serviceWith(async () => {
      throw new MalformedPayloadError('no From');
    });
    await expect(service.receive('c1', signedForm())).rejects.toBeInstanceOf(MalformedPayloadError);
    expect(tokens.release).not.toHaveBeenCalled();
  });

  it('claims nothing for a bad signature', async () => {
    const { service, tokens, email } = serviceWith(async () => undefined);
    await expect(service.receive('c1', { ...signedForm(), signature: '0'.repeat(64) })).rejects.toMatchObject({
      status: 401,
    });
    expect(tokens.claim).not.toHaveBeenCalled();
    expect(email.ingestRawEmail).not.toHaveBeenCalled();
  });

  it('refuses a used token with 406 and queues nothing', async () => {
    const { service, email } = serviceWith(async () => undefined, false);
    await expect(service.receive('c1', signedForm())).rejects.toMatchObject({ status: 406 });
    expect(email.ingestRawEmail).not.toHaveBeenCalled();
  });
});
