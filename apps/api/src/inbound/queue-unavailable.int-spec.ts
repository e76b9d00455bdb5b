import nodemailer from 'nodemailer';
import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { isProcessAlive, startRedis, type RunningService } from '@app/launcher';
import {
  createConnectorChannel,
  mailgunMimeForm,
  postWhatsapp,
  RestClient,
  startIngressApi,
  startMailWorker,
  type InProcessApi,
  type IngressApi,
  type MailWorker,
  type WhatsappChannel,
} from '@app/testing';

/**
 * The api (and the worker's SMTP listener) on a Redis of their own, which the test stops: every ingress must refuse
 * (503 / SMTP 451) rather than acknowledge what it could not queue.
 */
const SECRET = 'shared-test-secret';
const ADDRESS = 'support@downco.example';
const PUBLIC_URL = 'https://down.example.test';

let redis: RunningService;
let ingress: IngressApi;
let api: InProcessApi;
let mail: MailWorker;
let whatsapp: WhatsappChannel;
let smsId: string;
let emailId: string;
let connector: { id: string; key: string };

const whatsappDelivery = (messageId: string) => postWhatsapp(api.url, whatsapp, '16505551234', messageId);

function expectQueueUnavailable(response: request.Response): void {
  expect(response.status).toBe(503);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body.code).toBe('queue_unavailable');
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
}

beforeAll(async () => {
  redis = await startRedis({ own: true });
  ingress = await startIngressApi('Downco', { REDIS_URL: redis.url, PUBLIC_URL, LOG_LEVEL: 'fatal' });
  api = ingress.api;
  mail = await startMailWorker(api.env, { processor: false });
  const phoneNumberId = '106540352242922';
  whatsapp = {
    id: await ingress.channel('whatsapp', { phoneNumberId }, { appSecret: SECRET, verifyToken: SECRET }),
    phoneNumberId,
    appSecret: SECRET,
  };
  smsId = await ingress.channel(
    'sms',
    { accountSid: `AC${'1'.repeat(32)}`, phoneNumber: '+15550100000' },
    { authToken: SECRET },
  );
  emailId = await ingress.channel('email', { addresses: [ADDRESS] }, { mailgunSigningKey: SECRET });
  const { admin } = ingress;
  connector = await createConnectorChannel(await RestClient.signIn(api.url, admin.email, admin.password), 'api');
});

afterAll(async () => {
  // Back where the api's clients expect it, so that they close cleanly.
  if (redis && !isProcessAlive(redis.process!.pid)) redis = await startRedis({ own: true, port: redis.port });
  await mail?.context.close();
  await ingress?.close();
  await redis?.stop();
});

describe('when Redis is unavailable', () => {
  it('queues while Redis is up', async () => {
    expect((await whatsappDelivery('wamid.UP==')).status).toBe(200);
  });

  describe('after Redis stops', () => {
    beforeAll(async () => {
      await redis.stop();
    });

    it('refuses a WhatsApp delivery with 503 queue_unavailable and Retry-After', async () => {
      expectQueueUnavailable(await whatsappDelivery('wamid.DOWN=='));
    });

    it('refuses a Twilio message with 503', async () => {
      const params = {
        MessageSid: `SM${'2'.repeat(32)}`,
        AccountSid: `AC${'1'.repeat(32)}`,
        From: '+14155550100',
        To: '+15550100000',
        Body: 'hi',
      };
      const path = `/webhooks/twilio/${smsId}`;
      const response = await request(api.url)
        .post(path)
        .type('form')
        .set('X-Twilio-Signature', getExpectedTwilioSignature(SECRET, `${PUBLIC_URL}${path}`, params))
        .send(params);
      expectQueueUnavailable(response);
    });

    it('refuses a Mailgun forward with 503', async () => {
      const mime = `From: ann@customer.example\r\nTo: ${ADDRESS}\r\nMessage-ID: <down@customer.example>\r\n\r\nhi\r\n`;
      const call = request(api.url).post(`/webhooks/mailgun/${emailId}/mime`);
      for (const [name, value] of Object.entries(mailgunMimeForm(SECRET, ADDRESS, mime))) call.field(name, value);
      expectQueueUnavailable(await call);
    });

    it('refuses a connector message with 503', async () => {
      const response = await request(api.url)
        .post(`/api/v1/channels/${connector.id}/messages`)
        .set('Authorization', `Bearer ${connector.key}`)
        .send({ externalId: 'down-1', from: { sessionId: 's-1' }, text: 'hi' });
      expectQueueUnavailable(response);
    });

    it('answers SMTP DATA with 451, so the sending server retries', async () => {
      const smtp = nodemailer.createTransport({
        host: '127.0.0.1',
        port: mail.smtpPort,
        secure: false,
        ignoreTLS: true,
      });
      try {
        await expect(
          smtp.sendMail({ from: 'ann@customer.example', to: ADDRESS, subject: 'hi', text: 'hi' }),
        ).rejects.toMatchObject({ responseCode: 451 });
      } finally {
        smtp.close();
      }
    });
  });
});
