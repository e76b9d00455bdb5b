import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import request from 'supertest';
import { startIngressApi, type IngressApi } from '@app/testing';

const SIGNING_KEY = 'mailgun-signing-key';
const ADDRESS = 'support@mailco.example';

let ingress: IngressApi;
let channelId: string;

function rawEmail(messageId: string, { headers = [] as string[], body = 'Where is my order 4711?' } = {}): string {
  return [
    'From: Ann Example <ann@customer.example>',
    `To: ${ADDRESS}`,
    'Subject: Order 4711',
    `Message-ID: <${messageId}>`,
    'Date: Sun, 01 Mar 2026 09:30:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    ...headers,
    '',
    body,
    '',
  ].join('\r\n');
}

/** The form of a Mailgun route forward in raw-MIME mode, signed as Mailgun signs it. */
function mailgunForm(mime: string, { key = SIGNING_KEY, ageSeconds = 0 } = {}): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000) - ageSeconds);
  const token = randomBytes(25).toString('hex');
  return {
    recipient: 'support+t0k3n@mailco.example',
    sender: 'ann@customer.example',
    from: 'Ann Example <ann@customer.example>',
    subject: 'Order 4711',
    'body-mime': mime,
    timestamp,
    token,
    signature: createHmac('sha256', key)
      .update(timestamp + token)
      .digest('hex'),
  };
}

function postMultipart(form: Record<string, string>, path = `/webhooks/mailgun/${channelId}/mime`) {
  const call = request(ingress.api.url).post(path);
  for (const [name, value] of Object.entries(form)) call.field(name, value);
  return call;
}

const postForm = (form: Record<string, string>, path = `/webhooks/mailgun/${channelId}`) =>
  request(ingress.api.url).post(path).type('form').send(form);

beforeAll(async () => {
  ingress = await startIngressApi('Mailco');
  channelId = await ingress.channel('email', { addresses: [ADDRESS] }, { mailgunSigningKey: SIGNING_KEY });
});

afterAll(async () => {
  await ingress?.close();
});

describe('Mailgun raw-MIME webhook', () => {
  it('queues the email of a signed multipart forward, to the envelope recipient', async () => {
    const response = await postMultipart(mailgunForm(rawEmail('mg-1@customer.example')));
    expect(response.status).toBe(200);
    const job = await ingress.queue.messageJob(channelId, '<mg-1@customer.example>');
    expect(job?.data.event).toMatchObject({
      type: 'message',
      channelKind: 'email',
      from: { address: 'ann@customer.example', name: 'Ann Example' },
      to: 'support+t0k3n@mailco.example',
      text: 'Where is my order 4711?\n',
      email: { subject: 'Order 4711', to: [ADDRESS] },
    });
  });

  it('accepts a url-encoded forward on the path without /mime', async () => {
    expect((await postForm(mailgunForm(rawEmail('mg-2@customer.example')))).status).toBe(200);
    expect(await ingress.queue.messageJob(channelId, '<mg-2@customer.example>')).toBeDefined();
  });

  it('dedupes an email without Message-ID by its bytes', async () => {
    const mime = rawEmail('x', { body: 'no id here' }).replace(/^Message-ID: .*\r\n/m, '');
    expect(mime).not.toMatch(/Message-ID/i);
    for (let attempt = 0; attempt < 2; attempt++) expect((await postMultipart(mailgunForm(mime))).status).toBe(200);
    const jobs = (await ingress.queue.jobsOf(channelId)).filter((job) =>
      job.data.event.externalId.endsWith('@sha256.invalid>'),
    );
    expect(jobs).toHaveLength(1);
  });

  it('refuses a replayed token with 406 replayed_token, whatever the body', async () => {
    const form = mailgunForm(rawEmail('mg-3@customer.example'));
    expect((await postMultipart(form)).status).toBe(200);
    const replay = await postMultipart(form);
    expect(replay.status).toBe(406);
    expect(replay.body.code).toBe('replayed_token');
    const forged = await postMultipart({ ...form, 'body-mime': rawEmail('forged@attacker.example') });
    expect(forged.status).toBe(406);
    expect(await ingress.queue.messageJob(channelId, '<forged@attacker.example>')).toBeUndefined();
  });

  it('refuses a stale timestamp with 401 stale_signature', async () => {
    const response = await postMultipart(mailgunForm(rawEmail('mg-4@customer.example'), { ageSeconds: 3600 }));
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('stale_signature');
    expect(await ingress.queue.messageJob(channelId, '<mg-4@customer.example>')).toBeUndefined();
  });

  it.each([
    ['another key', (form: Record<string, string>) => form, 'another-signing-key'],
    ['no signature', ({ signature: _s, ...form }: Record<string, string>) => form, SIGNING_KEY],
    ['a changed token', (form: Record<string, string>) => ({ ...form, token: `${form.token}0` }), SIGNING_KEY],
  ])('refuses a signature with %s with 401 invalid_signature', async (_case, tamper, key) => {
    const response = await postMultipart(tamper(mailgunForm(rawEmail('mg-5@customer.example'), { key })));
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('invalid_signature');
    expect(await ingress.queue.messageJob(channelId, '<mg-5@customer.example>')).toBeUndefined();
  });

  it.each([
    ['MIME that is not an email', 'this is not an email at all'],
    ['an email without From', rawEmail('mg-6@customer.example').replace(/^From: .*\r\n/m, '')],
  ])('refuses %s with 400 malformed_payload', async (_case, mime) => {
    const response = await postMultipart(mailgunForm(mime));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_payload');
  });

  it('refuses a forward without body-mime with 400 malformed_payload', async () => {
    const { 'body-mime': _mime, ...form } = mailgunForm(rawEmail('mg-7@customer.example'));
    const response = await postMultipart({ ...form, 'body-plain': 'Where is my order?' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_payload');
  });

  it.each([
    ['a vacation reply', ['Auto-Submitted: auto-replied']],
    ['a bounce', ['Return-Path: <>', 'Content-Type: multipart/report; report-type=delivery-status; boundary=x']],
  ])('acknowledges %s without queueing it', async (_case, headers) => {
    const response = await postMultipart(mailgunForm(rawEmail('auto@customer.example', { headers })));
    expect(response.status).toBe(200);
    expect(await ingress.queue.messageJob(channelId, '<auto@customer.example>')).toBeUndefined();
  });
});

describe('body limits', () => {
  const big = 'x'.repeat(2 * 1024 * 1024);

  it.each([
    ['multipart', postMultipart],
    ['url-encoded', postForm],
  ])('lets a %s email above the api-wide 1 MB limit through', async (kind, post) => {
    const id = `big-${kind}@customer.example`;
    const response = await post(mailgunForm(rawEmail(id, { body: big })));
    expect(response.status).toBe(200);
    expect(await ingress.queue.messageJob(channelId, `<${id}>`)).toBeDefined();
  });

  it('refuses a body over 25 MB with 413 payload_too_large', async () => {
    const huge = 'x'.repeat(27 * 1024 * 1024);
    const response = await postMultipart(mailgunForm(rawEmail('huge@customer.example', { body: huge })));
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
  });

  it('refuses a chunked body whose fields add up to more than the email limit, each field within it', async () => {
    const tenMegabytes = 'x'.repeat(10 * 1024 * 1024);
    const boundary = 'bounded-multipart-test';
    const part = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const call = http.request(`${ingress.api.url}/webhooks/mailgun/${channelId}/mime`, {
        method: 'POST',
        headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Transfer-Encoding': 'chunked' },
      });
      call.on('response', (answer) => {
        let body = '';
        answer.on('data', (chunk: Buffer) => (body += chunk.toString()));
        answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body }));
      });
      call.on('error', reject);
      for (const name of ['body-plain', 'body-html', 'stripped-text']) call.write(part(name, tenMegabytes));
      call.end(`--${boundary}--\r\n`);
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).code).toBe('payload_too_large');
  });

  it('answers 404 not_found for a channel that does not exist', async () => {
    const response = await postMultipart(
      mailgunForm(rawEmail('nowhere@customer.example')),
      `/webhooks/mailgun/${'0'.repeat(24)}/mime`,
    );
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('not_found');
  });

  it('keeps the api-wide limit on other routes', async () => {
    const response = await request(ingress.api.url)
      .post(`/webhooks/twilio/${channelId}`)
      .type('form')
      .send({ Body: big });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
  });
});
