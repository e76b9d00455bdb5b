import { createConnection } from 'node:net';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { startIngressApi, type IngressApi } from '@app/testing';
import { SmtpIngressService } from './smtp-ingress.service.js';

let ingress: IngressApi;
let smtp: Transporter;
let port: number;
let channelId: string;
let salesChannelId: string;

const message = (id: string, to: string | string[], extra: SendMailOptions = {}) => ({
  from: 'Ann Example <ann@customer.example>',
  to,
  subject: 'Order 4711',
  text: 'Where is my order?',
  messageId: `<${id}>`,
  ...extra,
});

/** One SMTP command after the greeting and EHLO, answering the server's reply to it. */
function replyTo(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const replies: string[] = [];
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('data', (chunk: string) => {
      replies.push(...chunk.split('\r\n').filter((line) => /^\d{3} /.test(line)));
      if (replies.length === 1) socket.write('EHLO test.example\r\n');
      if (replies.length === 2) socket.write(`${command}\r\n`);
      if (replies.length === 3) {
        socket.end('QUIT\r\n');
        resolve(replies[2]);
      }
    });
  });
}

beforeAll(async () => {
  ingress = await startIngressApi('Smtpco');
  port = ingress.api.app.get(SmtpIngressService).port;
  smtp = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  channelId = await ingress.channel('email', { addresses: ['support@smtpco.example', 'help@smtpco.example'] });
  salesChannelId = await ingress.channel('email', { addresses: ['sales@smtpco.example'] });
});

afterAll(async () => {
  smtp?.close();
  await ingress?.close();
});

describe('SMTP listener', () => {
  it('listens on a port of its own', () => {
    expect(port).toBeGreaterThan(0);
  });

  it("queues mail to a channel's address, whatever its case and +tag", async () => {
    const info = await smtp.sendMail(message('smtp-1@customer.example', 'Support+T0K3N@SmtpCo.Example'));
    expect(info.accepted).toHaveLength(1);
    const job = await ingress.queue.messageJob(channelId, '<smtp-1@customer.example>');
    expect(job?.data.event).toMatchObject({
      channelKind: 'email',
      from: { address: 'ann@customer.example', name: 'Ann Example' },
      to: expect.stringMatching(/^Support\+T0K3N@smtpco\.example$/i),
      email: { subject: 'Order 4711' },
    });
  });

  it('queues one job per channel of the recipients', async () => {
    await smtp.sendMail(
      message('smtp-2@customer.example', ['support@smtpco.example', 'help@smtpco.example', 'sales@smtpco.example']),
    );
    expect(await ingress.queue.jobsOf(channelId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          data: expect.objectContaining({
            event: expect.objectContaining({ externalId: '<smtp-2@customer.example>' }),
          }),
        }),
      ]),
    );
    expect(await ingress.queue.messageJob(salesChannelId, '<smtp-2@customer.example>')).toBeDefined();
  });

  it('refuses an unknown recipient with 550', async () => {
    await expect(smtp.sendMail(message('smtp-3@customer.example', 'nobody@smtpco.example'))).rejects.toMatchObject({
      responseCode: 550,
    });
  });

  it('delivers to the known recipients of a message and refuses the others', async () => {
    const info = await smtp.sendMail(
      message('smtp-4@customer.example', ['stranger@else.example', 'help@smtpco.example']),
    );
    expect(info.accepted).toEqual(['help@smtpco.example']);
    expect(info.rejected).toEqual(['stranger@else.example']);
    expect(await ingress.queue.messageJob(channelId, '<smtp-4@customer.example>')).toBeDefined();
  });

  it('accepts an auto-reply without queueing it', async () => {
    const info = await smtp.sendMail(
      message('smtp-5@customer.example', 'support@smtpco.example', { headers: { 'Auto-Submitted': 'auto-replied' } }),
    );
    expect(info.accepted).toHaveLength(1);
    expect(await ingress.queue.messageJob(channelId, '<smtp-5@customer.example>')).toBeUndefined();
  });

  it('accepts a bounce (null sender) without queueing it', async () => {
    const info = await smtp.sendMail(
      message('smtp-6@customer.example', 'support@smtpco.example', {
        envelope: { from: '', to: ['support@smtpco.example'] },
      }),
    );
    expect(info.accepted).toHaveLength(1);
    expect(await ingress.queue.messageJob(channelId, '<smtp-6@customer.example>')).toBeUndefined();
  });

  it('refuses a declared size over 25 MB with 552', async () => {
    expect(await replyTo('MAIL FROM:<ann@customer.example> SIZE=30000000')).toMatch(/^552 /);
  });

  it('refuses a message over 25 MB with 552 and queues nothing', async () => {
    const huge = 'x'.repeat(26 * 1024 * 1024);
    await expect(
      smtp.sendMail(message('smtp-7@customer.example', 'support@smtpco.example', { text: huge })),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(await ingress.queue.messageJob(channelId, '<smtp-7@customer.example>')).toBeUndefined();
  });
});
