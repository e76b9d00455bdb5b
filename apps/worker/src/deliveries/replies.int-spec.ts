import { createHmac } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { QueueEvents, type Queue } from 'bullmq';
import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { simpleParser } from 'mailparser';
import {
  emailInboundMessage,
  parseRawEmail,
  parseWhatsappWebhook,
  TWILIO_CONNECTION_OVERRIDES,
  type InboundEvent,
  type InboundMessage,
} from '@app/channels';
import { InboundIngestionService } from '@app/identity';
import { DeliveryRepository, type Role } from '@app/persistence';
import { inboundJobId, MergesProducer, QUEUES } from '@app/queue';
import {
  createTenantWithUsers,
  createTestChannel,
  RecordingConsole,
  signInAll,
  startApiInProcess,
  ProviderStandIn,
  SmtpStandIn,
  startMailgunStandIn,
  startTwilioStandIn,
  startWhatsappStandIn,
  startWorkerModules,
  whatsappError,
  whatsappTextDelivery,
  type InProcessApi,
  type RecordedRequest,
  type RestClient,
  type TestUser,
} from '@app/testing';
import { IdentityJobsModule } from '../identity-jobs.module.js';
import { InboundModule } from '../inbound/inbound.module.js';
import { DeliveriesModule } from './deliveries.module.js';

const PUBLIC_URL = 'https://contact.example';
const PHONE_NUMBER_ID = '106540352242922';
const ACCESS_TOKEN = 'EAAG-whatsapp-access-token';
const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const AUTH_TOKEN = 'twilio-auth-token-123';
const OUR_SMS_NUMBER = '+15550100000';
const SUPPORT = 'support@acme-mail.example';
const SALES = 'sales@acme-mail.example';
const RELAY = { user: 'relay-user', password: 'relay-password-1' };

let api: InProcessApi;
let worker: INestApplicationContext;
let whatsapp: ProviderStandIn;
let twilio: ProviderStandIn;
let mailgun: ProviderStandIn;
let smtp: SmtpStandIn;
let emailChannel: string;
let mailgunChannel: string;
let acme: Record<Role, TestUser>;
let globex: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;
let consoleOfAcme: RecordingConsole;
let inboundEvents: QueueEvents;
let whatsappChannel: string;
let smsChannel: string;
let sequence = 0;

/**
 * Agents' replies through the api, the deliveries queue and the worker in this process, to stand-ins of the WhatsApp
 * Cloud API and Twilio listening on 127.0.0.1, which record what they receive and fail when told to.
 */
beforeAll(async () => {
  whatsapp = await startWhatsappStandIn();
  twilio = await startTwilioStandIn();
  mailgun = await startMailgunStandIn();
  smtp = await SmtpStandIn.start(RELAY);
  api = await startApiInProcess({
    WHATSAPP_API_URL: whatsapp.url,
    TWILIO_API_URL: twilio.url,
    MAILGUN_API_URL: mailgun.url,
    PUBLIC_URL,
    // The connector stand-in listens on 127.0.0.1, which a tenant's callback URL may not reach in production.
    ALLOW_PRIVATE_WEBHOOK_URLS: 'true',
  });
  await Promise.all(
    [QUEUES.deliveries, QUEUES.merges, QUEUES.suggestions, QUEUES.inbound].map((name) =>
      api.app.get<Queue>(getQueueToken(name)).obliterate({ force: true }),
    ),
  );
  worker = await startWorkerModules(api.env, [InboundModule, IdentityJobsModule, DeliveriesModule]);
  acme = await createTenantWithUsers(api.app, 'Acme');
  globex = await createTenantWithUsers(api.app, 'Globex');
  as = await signInAll(api.url, [acme.agent, acme.supervisor, globex.agent]);
  consoleOfAcme = await RecordingConsole.connect(api.url, as(acme.agent).token);
  inboundEvents = new QueueEvents(QUEUES.inbound, { connection: { url: api.env.REDIS_URL } });
  await inboundEvents.waitUntilReady();
  whatsappChannel = await createTestChannel(
    api.app,
    acme.agent.tenantId,
    'whatsapp',
    { phoneNumberId: PHONE_NUMBER_ID },
    { appSecret: 'app-secret-123', verifyToken: 'verify-123', accessToken: ACCESS_TOKEN },
  );
  smsChannel = await createTestChannel(
    api.app,
    acme.agent.tenantId,
    'sms',
    { accountSid: ACCOUNT_SID, phoneNumber: OUR_SMS_NUMBER },
    { authToken: AUTH_TOKEN },
  );
  emailChannel = await createTestChannel(
    api.app,
    acme.agent.tenantId,
    'email',
    { addresses: [SUPPORT], smtp: { host: '127.0.0.1', port: smtp.port, user: RELAY.user, tls: 'none' } },
    { smtpPassword: RELAY.password },
  );
  mailgunChannel = await createTestChannel(
    api.app,
    acme.agent.tenantId,
    'email',
    { addresses: [SALES], mailgunDomain: 'mg.acme-mail.example' },
    { mailgunApiKey: 'key-mailgun-123' },
  );
});

afterAll(async () => {
  consoleOfAcme?.close();
  await inboundEvents?.close();
  await worker?.close();
  await api?.app.get<Queue>(getQueueToken(QUEUES.deliveries)).obliterate({ force: true });
  await api?.close();
  await whatsapp?.close();
  await twilio?.close();
  await mailgun?.close();
  await smtp?.close();
});

interface Filed {
  customerId: string;
  conversationId: string;
}

/** A WhatsApp message as Meta delivers it (wa_id as Meta spells it), filed by the worker's ingestion. */
async function whatsappFrom(waId: string, sentAt = new Date()): Promise<Filed> {
  const body = JSON.parse(whatsappTextDelivery(PHONE_NUMBER_ID, waId, `wamid.in-${++sequence}`, 'Hello?'));
  const [event] = parseWhatsappWebhook(body, PHONE_NUMBER_ID).events as InboundMessage[];
  return file(whatsappChannel, { ...event, sentAt: sentAt.toISOString() });
}

/** An SMS as Twilio delivers it, filed by the worker's ingestion. */
async function smsFrom(number: string): Promise<Filed> {
  return file(smsChannel, {
    type: 'message',
    channelKind: 'sms',
    externalId: `SM${(++sequence).toString(16).padStart(32, '0')}`,
    from: { address: number },
    to: OUR_SMS_NUMBER,
    text: 'Is my order on its way?',
    attachments: [],
    messageType: 'text',
    sentAt: new Date().toISOString(),
  });
}

/** An email as the SMTP ingress reads it, to one of our addresses, filed by the worker's ingestion. */
async function emailFrom(channelId: string, headers: Record<string, string>, body = 'Where is my order 4711?') {
  const raw = [
    ...Object.entries({ Date: new Date().toUTCString(), 'MIME-Version': '1.0', ...headers }).map(
      ([name, value]) => `${name}: ${value}`,
    ),
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
  const message = emailInboundMessage(await parseRawEmail(raw), new Date());
  return file(channelId, { ...message, to: headers.To });
}

async function file(channelId: string, event: InboundMessage): Promise<Filed> {
  const outcome = await worker.get(InboundIngestionService).ingest({
    tenantId: acme.agent.tenantId,
    channelId,
    event,
    receivedAt: new Date().toISOString(),
  });
  if (outcome.outcome !== 'stored') throw new Error(`not stored: ${outcome.outcome}`);
  return { customerId: outcome.customerId, conversationId: outcome.conversationId };
}

const reply = (conversationId: string, body: object, user = acme.agent) =>
  as(user).post(`/api/v1/conversations/${conversationId}/messages`, body);

/** The reply's `message.updated` reaching `status`, as the console hears it. */
const updated = (messageId: string, status: string) =>
  consoleOfAcme.next('message.updated', (event) => event.messageId === messageId && event.status === status);

async function messageOf(conversationId: string, messageId: string) {
  const response = await as(acme.agent).get(`/api/v1/conversations/${conversationId}/messages`);
  expect(response.status).toBe(200);
  return response.body.items.find((item: { id: string }) => item.id === messageId);
}

const sentTo = (to: string) => (request: RecordedRequest) => request.json?.to === to;

describe('POST /api/v1/conversations/:id/messages (WhatsApp)', () => {
  it('answers 202 with the queued reply and sends it to the wa_id exactly as Meta spelled it', async () => {
    // A Brazilian mobile registered before the ninth digit: the identity is +55 11 98765-4321, the wa_id lacks the 9.
    const { conversationId, customerId } = await whatsappFrom('551187654321');

    const response = await reply(conversationId, { text: 'Your order left today.' });

    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({
      conversationId,
      channelId: whatsappChannel,
      direction: 'outbound',
      status: 'queued',
      text: 'Your order left today.',
      authorId: acme.agent.id,
    });
    const messageId: string = response.body.id;
    const received = await consoleOfAcme.next('message.received', (event) => event.messageId === messageId);
    expect(received).toMatchObject({ conversationId, customerId });
    const sent = await updated(messageId, 'sent');
    expect(sent).toMatchObject({ conversationId, customerId });

    const [call] = await whatsapp.waitForRequests(1, sentTo('551187654321'));
    expect(call.method).toBe('POST');
    expect(call.path).toBe(`/v21.0/${PHONE_NUMBER_ID}/messages`);
    expect(call.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(call.json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '551187654321',
      type: 'text',
      text: { preview_url: false, body: 'Your order left today.' },
    });
    expect(whatsapp.requests.filter(sentTo('5511987654321'))).toHaveLength(0);
    const stored = await messageOf(conversationId, messageId);
    expect(stored).toMatchObject({ status: 'sent', direction: 'outbound' });
    expect(stored.externalId).toMatch(/^wamid\./);
  });

  it('refuses a free-form reply outside the 24-hour window with 409 whatsapp_window_closed naming the template remedy', async () => {
    const lastWrote = new Date(Date.now() - 25 * 3600_000);
    const { conversationId } = await whatsappFrom('15550100201', lastWrote);

    const response = await reply(conversationId, { text: 'Are you still there?' });

    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({
      code: 'whatsapp_window_closed',
      remedy: 'template',
      serviceWindowExpiresAt: new Date(lastWrote.getTime() + 24 * 3600_000).toISOString(),
    });
    expect(response.body.detail).toMatch(/template/);
    const messages = await as(acme.agent).get(`/api/v1/conversations/${conversationId}/messages`);
    expect(messages.body.items.filter((item: { direction: string }) => item.direction === 'outbound')).toEqual([]);
  });

  it('sends a template outside the window with its name, language and parameters', async () => {
    const { conversationId } = await whatsappFrom('15550100202', new Date(Date.now() - 72 * 3600_000));

    const response = await reply(conversationId, {
      template: { name: 'order_update', language: 'en_US', parameters: ['Ann', '4711'] },
    });

    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({
      messageType: 'template',
      template: { name: 'order_update', language: 'en_US', parameters: ['Ann', '4711'] },
    });
    await updated(response.body.id, 'sent');
    const [call] = await whatsapp.waitForRequests(1, sentTo('15550100202'));
    expect(call.json).toMatchObject({
      to: '15550100202',
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ann' },
              { type: 'text', text: '4711' },
            ],
          },
        ],
      },
    });
  });

  it('tries again after 5xx (honouring Retry-After) and sends the reply once', async () => {
    const { conversationId } = await whatsappFrom('15550100203');
    whatsapp.failNext(2, {
      status: 503,
      headers: { 'retry-after': '0' },
      body: whatsappError(2, 'Service temporarily unavailable'),
    });

    const response = await reply(conversationId, { text: 'Checking now.' });
    await updated(response.body.id, 'sent');

    const calls = whatsapp.requests.filter(sentTo('15550100203'));
    expect(calls).toHaveLength(3);
    const [delivery] = await worker
      .get(DeliveryRepository)
      .find({ tenantId: acme.agent.tenantId, kind: 'reply', subjectId: response.body.id });
    expect(delivery).toMatchObject({ status: 'delivered' });
    expect(delivery.attempts.map((attempt) => attempt.statusCode)).toEqual([503, 503, 200]);
    expect(delivery.attempts[0].error).toBe('2: Service temporarily unavailable');
    expect((await messageOf(conversationId, response.body.id)).status).toBe('sent');
  });

  it('fails at once on a 4xx the provider will not change its mind about, with its code shown', async () => {
    const { conversationId } = await whatsappFrom('15550100204');
    whatsapp.failNext(1, { status: 400, body: whatsappError(131026, 'Message undeliverable') });

    const response = await reply(conversationId, { text: 'Hello again' });
    const failed = await updated(response.body.id, 'failed');

    expect(failed.error).toEqual({ code: '131026', message: 'HTTP 400: 131026: Message undeliverable' });
    expect(whatsapp.requests.filter(sentTo('15550100204'))).toHaveLength(1);
    expect(await messageOf(conversationId, response.body.id)).toMatchObject({
      status: 'failed',
      error: { code: '131026', message: 'HTTP 400: 131026: Message undeliverable' },
    });
  });

  it('refuses 409 channel_cannot_reply when the WhatsApp channel has no access token', async () => {
    const receiveOnly = await createTestChannel(
      api.app,
      acme.agent.tenantId,
      'whatsapp',
      { phoneNumberId: '999000111' },
      { appSecret: 'app-secret-123', verifyToken: 'verify-123' },
    );
    const { conversationId } = await file(receiveOnly, {
      type: 'message',
      channelKind: 'whatsapp',
      externalId: `wamid.in-${++sequence}`,
      from: { address: '15550100205' },
      text: 'Hi',
      attachments: [],
      messageType: 'text',
      sentAt: new Date().toISOString(),
    });

    const response = await reply(conversationId, { text: 'Hello' });

    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'channel_cannot_reply', channelId: receiveOnly });
  });
});

describe('POST /api/v1/conversations/:id/messages (SMS through Twilio)', () => {
  const statusPath = () => `/webhooks/twilio/${smsChannel}/status`;
  const statusCallback = () => `${PUBLIC_URL}${statusPath()}#${TWILIO_CONNECTION_OVERRIDES}`;
  const postStatus = (params: Record<string, string>) =>
    request(api.url)
      .post(statusPath())
      .type('form')
      // Signed over the StatusCallback as the reply handed it out, overrides included (the URL alone is checked by
      // the inbound webhook's tests).
      .set('X-Twilio-Signature', getExpectedTwilioSignature(AUTH_TOKEN, statusCallback(), params))
      .send(params);

  it('sends from the channel’s number with basic auth and a StatusCallback; signed status callbacks advance it', async () => {
    const { conversationId } = await smsFrom('+15550100301');

    const response = await reply(conversationId, { text: 'It ships tomorrow.' });
    expect(response.status).toBe(202);
    const messageId: string = response.body.id;
    await updated(messageId, 'sent');

    const [call] = await twilio.waitForRequests(1, (call) => call.form?.get('To') === '+15550100301');
    expect(call.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(call.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
    expect(Object.fromEntries(call.form!)).toEqual({
      To: '+15550100301',
      From: OUR_SMS_NUMBER,
      Body: 'It ships tomorrow.',
      StatusCallback: statusCallback(),
    });
    const sid: string = (await messageOf(conversationId, messageId)).externalId;
    expect(sid).toMatch(/^SM[0-9a-f]{32}$/);

    const callback = (status: string) => ({
      MessageSid: sid,
      MessageStatus: status,
      AccountSid: ACCOUNT_SID,
      From: OUR_SMS_NUMBER,
      To: '+15550100301',
      ApiVersion: '2010-04-01',
    });
    expect((await postStatus(callback('sending'))).status).toBe(200);
    expect((await postStatus(callback('delivered'))).status).toBe(200);
    await updated(messageId, 'delivered');
    // A late `sent` does not take it back.
    expect((await postStatus(callback('sent'))).status).toBe(200);
    const lateSent = await api.app.get<Queue>(getQueueToken(QUEUES.inbound)).getJob(
      inboundJobId({
        channelId: smsChannel,
        event: { type: 'status', externalId: sid, status: 'sent' } as InboundEvent,
      }),
    );
    await lateSent!.waitUntilFinished(inboundEvents);
    expect((await messageOf(conversationId, messageId)).status).toBe('delivered');

    const unsigned = await request(api.url).post(statusPath()).type('form').send(callback('read'));
    expect(unsigned.status).toBe(401);
  });

  it('answers WhatsApp through Twilio from the channel’s number as a whatsapp: address, and refuses a template there', async () => {
    const { conversationId } = await file(smsChannel, {
      type: 'message',
      channelKind: 'whatsapp',
      externalId: `SM${(++sequence).toString(16).padStart(32, '0')}`,
      from: { address: 'whatsapp:+15550100303' },
      to: `whatsapp:${OUR_SMS_NUMBER}`,
      text: 'Hi from WhatsApp',
      attachments: [],
      messageType: 'text',
      sentAt: new Date().toISOString(),
    });

    const response = await reply(conversationId, { text: 'Hello on WhatsApp' });
    await updated(response.body.id, 'sent');
    const [call] = await twilio.waitForRequests(1, (call) => call.form?.get('To') === 'whatsapp:+15550100303');
    expect(call.form?.get('From')).toBe(`whatsapp:${OUR_SMS_NUMBER}`);

    const template = await reply(conversationId, { template: { name: 'order_update', language: 'en' } });
    expect(template.status).toBe(400);
    expect(template.body.code).toBe('template_not_supported');
  });

  it('fails with Twilio’s error code when Twilio refuses the number', async () => {
    const { conversationId } = await smsFrom('+15550100302');
    twilio.failNext(1, {
      status: 400,
      body: { code: 21211, message: "The 'To' number +15550100302 is not a valid phone number.", status: 400 },
    });

    const response = await reply(conversationId, { text: 'Hello' });
    const failed = await updated(response.body.id, 'failed');

    expect(failed.error?.code).toBe('21211');
    expect(failed.error?.message).toMatch(/^HTTP 400: 21211: The 'To' number/);
  });
});

describe('POST /api/v1/conversations/:id/messages (email)', () => {
  it('submits the reply to the relay threaded under the customer’s message, and their answer lands in the same conversation', async () => {
    const { conversationId } = await emailFrom(emailChannel, {
      From: 'Ann Example <ann@customer.example>',
      To: SUPPORT,
      Subject: 'Order 4711',
      'Message-ID': '<m-1@customer.example>',
    });

    const response = await reply(conversationId, { text: 'We are on it.' });
    expect(response.status).toBe(202);
    const messageId: string = response.body.id;
    expect(response.body.externalId).toBe(`<reply.${messageId}@acme-mail.example>`);
    await updated(messageId, 'sent');

    const [mail] = await smtp.waitForMails(1, (mail) => mail.to.includes('ann@customer.example'));
    expect(mail).toMatchObject({ from: SUPPORT, user: RELAY.user });
    const parsed = await simpleParser(mail.raw);
    expect(parsed.messageId).toBe(`<reply.${messageId}@acme-mail.example>`);
    expect(parsed.inReplyTo).toBe('<m-1@customer.example>');
    expect(parsed.references).toBe('<m-1@customer.example>');
    expect(parsed.subject).toBe('Re: Order 4711');
    expect(parsed.replyTo?.text).toBe(`support+${conversationId}@acme-mail.example`);
    expect(parsed.text?.trim()).toBe('We are on it.');

    const answer = await emailFrom(emailChannel, {
      From: 'Ann Example <ann@customer.example>',
      To: `support+${conversationId}@acme-mail.example`,
      Subject: 'Re: Order 4711',
      'Message-ID': '<m-2@customer.example>',
      'In-Reply-To': `<reply.${messageId}@acme-mail.example>`,
      References: `<m-1@customer.example> <reply.${messageId}@acme-mail.example>`,
    });
    expect(answer.conversationId).toBe(conversationId);
    // A client that drops the threading headers still writes to the Reply-To address.
    const bare = await emailFrom(emailChannel, {
      From: 'ann@customer.example',
      To: `support+${conversationId}@acme-mail.example`,
      Subject: 'one more thing',
      'Message-ID': '<m-3@customer.example>',
    });
    expect(bare.conversationId).toBe(conversationId);

    const next = await reply(conversationId, { text: 'Noted.' });
    await updated(next.body.id, 'sent');
    const [second] = await smtp.waitForMails(1, (mail) => mail.raw.includes(`reply.${next.body.id}@`));
    const threaded = await simpleParser(second.raw);
    expect(threaded.inReplyTo).toBe('<m-3@customer.example>');
    expect(threaded.subject).toBe('Re: one more thing');
  });

  it('tries a relay’s 4xx again and fails a 5xx at once with its code', async () => {
    const later = await emailFrom(emailChannel, {
      From: 'bo@customer.example',
      To: SUPPORT,
      Subject: 'Hello',
      'Message-ID': '<b-1@customer.example>',
    });
    smtp.refuseNext(1, 451, 'Greylisted, try again later');
    const retried = await reply(later.conversationId, { text: 'Hello Bo' });
    await updated(retried.body.id, 'sent');
    const [delivery] = await worker
      .get(DeliveryRepository)
      .find({ tenantId: acme.agent.tenantId, kind: 'reply', subjectId: retried.body.id });
    expect(delivery.attempts.map((attempt) => attempt.errorCode)).toEqual(['451', undefined]);
    expect(smtp.mails.filter((mail) => mail.raw.includes(`reply.${retried.body.id}@`))).toHaveLength(1);

    smtp.refuseNext(1, 550, 'Mailbox unavailable');
    const refused = await reply(later.conversationId, { text: 'Hello again' });
    const failed = await updated(refused.body.id, 'failed');
    expect(failed.error?.code).toBe('550');
    expect(failed.error?.message).toMatch(/Mailbox unavailable/);
  });

  it('sends through Mailgun’s API with the threading headers when the channel has a Mailgun key', async () => {
    const { conversationId } = await emailFrom(mailgunChannel, {
      From: 'cy@customer.example',
      To: SALES,
      Subject: 'Quote',
      'Message-ID': '<c-1@customer.example>',
    });

    const response = await reply(conversationId, { text: 'Here is your quote.' });
    await updated(response.body.id, 'sent');

    const [call] = await mailgun.waitForRequests(1, (call) => call.form?.get('to') === 'cy@customer.example');
    expect(call.path).toBe('/v3/mg.acme-mail.example/messages');
    expect(call.headers.authorization).toBe(`Basic ${Buffer.from('api:key-mailgun-123').toString('base64')}`);
    expect(Object.fromEntries(call.form!)).toEqual({
      from: SALES,
      to: 'cy@customer.example',
      subject: 'Re: Quote',
      text: 'Here is your quote.',
      'h:Reply-To': `sales+${conversationId}@acme-mail.example`,
      'h:Message-Id': `<reply.${response.body.id}@acme-mail.example>`,
      'h:In-Reply-To': '<c-1@customer.example>',
      'h:References': '<c-1@customer.example>',
    });
  });
});

describe('POST /api/v1/conversations/:id/messages (webchat connector)', () => {
  it('posts the reply to the connector’s callback URL, signed like outbound webhooks, to the session it came from', async () => {
    const connector = await ProviderStandIn.start(() => ({ status: 200, body: { id: 'cx-1' } }));
    try {
      const secret = 'callback-secret-1234';
      const webchat = await createTestChannel(
        api.app,
        acme.agent.tenantId,
        'webchat',
        { callbackUrl: `${connector.url}/replies` },
        { callbackSecret: secret },
      );
      const { conversationId } = await file(webchat, {
        type: 'message',
        channelKind: 'webchat',
        externalId: 'chat-1',
        from: { sessionId: 's-77' },
        text: 'Anyone there?',
        attachments: [],
        messageType: 'text',
        sentAt: new Date().toISOString(),
      });
      connector.failNext(1, { status: 503, headers: { 'retry-after': '0' }, body: { message: 'restarting' } });

      const response = await reply(conversationId, { text: 'Yes, how can I help?' });
      expect(response.status).toBe(202);
      await updated(response.body.id, 'sent');

      const calls = await connector.waitForRequests(2);
      expect(calls.map((call) => call.path)).toEqual(['/replies', '/replies']);
      const [, call] = calls;
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(call.headers['x-signature']))!;
      expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${call.body}`).digest('hex'));
      expect(call.headers['x-delivery-id']).toBe(calls[0].headers['x-delivery-id']);
      expect(call.json).toMatchObject({
        type: 'message.reply',
        id: response.body.id,
        conversationId,
        channelId: webchat,
        to: { sessionId: 's-77' },
        text: 'Yes, how can I help?',
      });
      expect((await messageOf(conversationId, response.body.id)).externalId).toBe('cx-1');
    } finally {
      await connector.close();
    }
  });
});

describe('a customer with several identities after a merge', () => {
  it('answers each conversation through its own channel and identity (WhatsApp and SMS merged into email)', async () => {
    const byEmail = await emailFrom(emailChannel, {
      From: 'dee@customer.example',
      To: SUPPORT,
      Subject: 'My account',
      'Message-ID': '<d-1@customer.example>',
    });
    const onWhatsapp = await whatsappFrom('15550100401');
    const bySms = await smsFrom('+15550100402');
    const merge = await as(acme.supervisor).post('/api/v1/merges', {
      survivorId: byEmail.customerId,
      victimIds: [onWhatsapp.customerId, bySms.customerId],
    });
    expect([200, 202]).toContain(merge.status);
    expect(await worker.get(MergesProducer).waitFor(merge.body.id, 20_000)).toBe(true);

    const replies = await Promise.all([
      reply(onWhatsapp.conversationId, { text: 'Via WhatsApp' }),
      reply(bySms.conversationId, { text: 'Via SMS' }),
      reply(byEmail.conversationId, { text: 'Via email' }),
    ]);
    expect(replies.map((response) => response.status)).toEqual([202, 202, 202]);
    const sent = await Promise.all(replies.map((response) => updated(response.body.id, 'sent')));

    expect(sent.map((event) => event.customerId)).toEqual([byEmail.customerId, byEmail.customerId, byEmail.customerId]);
    const texts = (calls: RecordedRequest[]) =>
      calls.map((call) => JSON.stringify(call.json ?? Object.fromEntries(call.form!)));
    expect(whatsapp.requests.filter(sentTo('15550100401')).map((call) => call.json?.text)).toEqual([
      { preview_url: false, body: 'Via WhatsApp' },
    ]);
    expect(
      twilio.requests.filter((call) => call.form?.get('To') === '+15550100402').map((call) => call.form?.get('Body')),
    ).toEqual(['Via SMS']);
    const mails = await smtp.waitForMails(1, (mail) => mail.to.includes('dee@customer.example'));
    expect(mails.map((mail) => mail.raw.includes('Via email'))).toEqual([true]);
    expect(texts(whatsapp.requests).filter((text) => /Via (SMS|email)/.test(text))).toEqual([]);
    expect(texts(twilio.requests).filter((text) => /Via (WhatsApp|email)/.test(text))).toEqual([]);
    expect(smtp.mails.filter((mail) => /Via (WhatsApp|SMS)/.test(mail.raw))).toEqual([]);
  });
});

describe('who may reply, and what', () => {
  it.each([
    ['neither text nor template', {}, 'empty_reply'],
    ['an empty text', { text: '' }, 'validation_failed'],
    ['a malformed template', { template: { name: 'Order Update!', language: 'english' } }, 'validation_failed'],
    ['an attachment without a URL', { text: 'x', attachments: [{ contentType: 'image/png' }] }, 'validation_failed'],
  ])('refuses %s with 400', async (_case, body, code) => {
    const { conversationId } = await whatsappFrom('15550100501');
    const response = await reply(conversationId, body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(code);
  });

  it('refuses a template on SMS with 400 template_not_supported', async () => {
    const { conversationId } = await smsFrom('+15550100502');
    const response = await reply(conversationId, { template: { name: 'order_update', language: 'en' } });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('template_not_supported');
  });

  it('is in the OpenAPI document with its 202, 400, 404 and 409 answers', async () => {
    const { paths } = (await request(api.url).get('/api/docs-json')).body;
    const route = paths['/api/v1/conversations/{id}/messages'];
    expect(Object.keys(route.post.responses)).toEqual(expect.arrayContaining(['202', '400', '404', '409']));
    expect(route.post.requestBody.content['application/json'].schema.$ref).toMatch(/SendReplyDto$/);
    expect(route.get).toBeDefined();
  });

  it('answers 404 for another tenant’s conversation, and 401 without a token', async () => {
    const { conversationId } = await whatsappFrom('15550100503');
    expect((await reply(conversationId, { text: 'x' }, globex.agent)).status).toBe(404);
    const anonymous = await request(api.url)
      .post(`/api/v1/conversations/${conversationId}/messages`)
      .send({ text: 'x' });
    expect(anonymous.status).toBe(401);
  });
});
