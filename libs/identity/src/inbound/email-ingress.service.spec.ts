import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MalformedPayloadError } from '@app/channels';
import type { InboundJob, InboundProducer } from '@app/queue';
import { LocalDiskStorage } from '@app/storage';
import { EmailIngressService } from './email-ingress.service.js';

const directory = mkdtempSync(join(tmpdir(), 'email-ingress-'));
const storage = new LocalDiskStorage(directory);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const channel = (id: string) => ({ channelId: id, tenantId: 't1' });

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
  const service = new EmailIngressService({ enqueue } as unknown as InboundProducer, storage);
  return { service, enqueue };
}

describe('EmailIngressService', () => {
  it('queues the jobs of all channels together, each addressed to its own recipient', async () => {
    const { service, enqueue } = serviceWithProducer();
    await service.ingestRawEmail(raw(), {
      mailFrom: 'ann@customer.example',
      deliveries: [
        { ...channel('support'), recipients: ['Support+T1@x.example', 'help@x.example'] },
        { ...channel('sales'), recipients: ['sales@x.example'] },
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
        deliveries: [{ ...channel('support'), recipients: ['support@x.example'] }],
        senderVerified: () => true,
      }),
    ).resolves.toBeUndefined();
    expect(enqueue).not.toHaveBeenCalled();
  });

  it('drops an automated email', async () => {
    const { service, enqueue } = serviceWithProducer();
    await service.ingestRawEmail(raw('Auto-Submitted: auto-replied'), {
      mailFrom: 'ann@customer.example',
      deliveries: [{ ...channel('support'), recipients: ['support@x.example'] }],
      senderVerified: () => true,
    });
    expect(enqueue).not.toHaveBeenCalled();
  });

  it('refuses bytes that are not an email from a sender', async () => {
    const { service, enqueue } = serviceWithProducer();
    await expect(
      service.ingestRawEmail(Buffer.from('not an email'), {
        mailFrom: 'ann@customer.example',
        deliveries: [{ ...channel('support'), recipients: ['support@x.example'] }],
        senderVerified: () => true,
      }),
    ).rejects.toBeInstanceOf(MalformedPayloadError);
    expect(enqueue).not.toHaveBeenCalled();
  });

  it('stores each attachment once per channel under a key derived from the message, and describes it', async () => {
    const { service, enqueue } = serviceWithProducer();
    const mime = [
      'From: ann@customer.example',
      'To: support@x.example',
      'Message-ID: <m2@customer.example>',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'See attached',
      '--b',
      'Content-Type: application/pdf; name="invoice.pdf"',
      'Content-Disposition: attachment; filename="invoice.pdf"',
      'Content-ID: <inv@customer.example>',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.7 the invoice').toString('base64'),
      '--b--',
      '',
    ].join('\r\n');
    const envelope = {
      mailFrom: 'ann@customer.example',
      deliveries: [{ ...channel('support'), recipients: ['support@x.example'] }],
      senderVerified: () => true,
      receivedAt: new Date('2026-12-05T09:00:00.000Z'),
    };
    await service.ingestRawEmail(Buffer.from(mime), envelope);
    await service.ingestRawEmail(Buffer.from(mime), envelope);
    const [first, again] = enqueue.mock.calls.map(([jobs]) => jobs[0].event);
    expect(again).toEqual(first);
    if (first.type !== 'message') throw new Error('expected a message');
    expect(first.attachments).toEqual([
      expect.objectContaining({
        name: 'invoice.pdf',
        contentType: 'application/pdf',
        size: 20,
        contentId: 'inv@customer.example',
        storageKey: expect.stringMatching(/^attachments\/t1\/support\/[0-9a-f]{40}\/0$/),
      }),
    ]);
    expect((await storage.get(first.attachments[0].storageKey ?? '')).toString()).toBe('%PDF-1.7 the invoice');
  });
});
