import { describe, expect, it, jest } from '@jest/globals';
import { MalformedPayloadError } from '@app/channels';
import type { InboundJob, InboundProducer } from '@app/queue';
import type { IngressChannel } from '../ingress-channel.js';
import { EmailIngressService } from './email-ingress.service.js';

const channel = (id: string): IngressChannel => ({
  id,
  tenantId: 't1',
  kind: 'email',
  settings: { addresses: [`${id}@x.example`] },
  secrets: {},
});

const raw = (...headers: string[]) =>
  Buffer.from(
    [
      'From: ann@customer.example',
      'To: support@x.example',
      'Message-ID: <m1@customer.example>',
      ...headers,
      '',
      'Hi',
    ].join('\r\n'),
  );

function serviceWithProducer() {
  const enqueue = jest.fn(async (_jobs: InboundJob[]) => undefined);
  const service = new EmailIngressService({ enqueue } as unknown as InboundProducer);
  return { service, enqueue };
}

describe('EmailIngressService', () => {
  it('queues the jobs of all channels together, each addressed to its own recipient', async () => {
    const { service, enqueue } = serviceWithProducer();
    await service.ingestRawEmail(raw(), {
      mailFrom: 'ann@customer.example',
      deliveries: [
        { channel: channel('support'), recipients: ['Support+T1@x.example', 'help@x.example'] },
        { channel: channel('sales'), recipients: ['sales@x.example'] },
      ],
      senderVerified: () => true,
    });
    expect(enqueue).toHaveBeenCalledTimes(1);
    const jobs = enqueue.mock.calls[0][0];
    expect(jobs.map(({ channelId, event }) => [channelId, event.type === 'message' && event.to])).toEqual([
      ['support', 'Support+T1@x.example'],
      ['sales', 'sales@x.example'],
    ]);
    expect(new Set(jobs.map(({ event }) => event.externalId))).toEqual(new Set(['<m1@customer.example>']));
  });

  it('drops a bounce without reading it', async () => {
    const { service, enqueue } = serviceWithProducer();
    await expect(
      service.ingestRawEmail(Buffer.from('not an email'), {
        mailFrom: '',
        deliveries: [{ channel: channel('support'), recipients: ['support@x.example'] }],
        senderVerified: () => true,
      }),
    ).resolves.toBeUndefined();
    expect(enqueue).not.toHaveBeenCalled();
  });

  it('drops an automated email', async () => {
    const { service, enqueue } = serviceWithProducer();
    await service.ingestRawEmail(raw('Auto-Submitted: auto-replied'), {
      mailFrom: 'ann@customer.example',
      deliveries: [{ channel: channel('support'), recipients: ['support@x.example'] }],
      senderVerified: () => true,
    });
    expect(enqueue).not.toHaveBeenCalled();
  });

  it('refuses bytes that are not an email from a sender', async () => {
    const { service, enqueue } = serviceWithProducer();
    await expect(
      service.ingestRawEmail(Buffer.from('not an email'), {
        mailFrom: 'ann@customer.example',
        deliveries: [{ channel: channel('support'), recipients: ['support@x.example'] }],
        senderVerified: () => true,
      }),
    ).rejects.toBeInstanceOf(MalformedPayloadError);
    expect(enqueue).not.toHaveBeenCalled();
  });
});
