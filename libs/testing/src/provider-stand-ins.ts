import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request a stand-in received, with its body read. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The body as JSON, when it is. */
  json?: Record<string, unknown>;
  /** The body as a form, when it is one. */
  form?: URLSearchParams;
  /** `performance.now()` when it was read: for latencies measured in the same process. */
  receivedAt: number;
}

export interface StandInAnswer {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/**
 * A provider's API as a real HTTP server on 127.0.0.1 that records every request and answers as the provider does,
 * or with the failures a test queued first (`failNext`): what replies are sent to in tests.
 */
export class ProviderStandIn {
  readonly requests: RecordedRequest[] = [];
  private readonly failures: StandInAnswer[] = [];
  private readonly waiters: (() => void)[] = [];

  private readonly server: Server;
  private address = '';

  private constructor(private readonly answer: (request: RecordedRequest) => StandInAnswer) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const recorded = record(request, Buffer.concat(chunks).toString('utf8'));
        const reply = this.failures.shift() ?? this.answer(recorded);
        this.requests.push(recorded);
        response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        response.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
  }

  static async start(answer: (request: RecordedRequest) => StandInAnswer): Promise<ProviderStandIn> {
    const standIn = new ProviderStandIn(answer);
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
    standIn.address = `http://127.0.0.1:${(standIn.server.address() as AddressInfo).port}`;
    return standIn;
  }

  /** Where it listens: the base URL to configure. */
  get url(): string {
    return this.address;
  }

  /** The next `count` requests get this answer instead of the provider's success. */
  failNext(count: number, answer: StandInAnswer): void {
    for (let n = 0; n < count; n += 1) this.failures.push(answer);
  }

  /** Waits until `count` requests matching `predicate` have come (those already here count), at most `timeoutMs`. */
  async waitForRequests(
    count: number,
    predicate: (request: RecordedRequest) => boolean = () => true,
    timeoutMs = 20_000,
  ): Promise<RecordedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.requests.filter(predicate);
      if (matching.length >= count) return matching;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`stand-in got ${matching.length} of ${count} requests within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function record(request: IncomingMessage, body: string): RecordedRequest {
  const type = request.headers['content-type'] ?? '';
  return {
    receivedAt: performance.now(),
    method: request.method ?? 'GET',
    path: request.url ?? '/',
    headers: request.headers,
    body,
    ...(type.includes('json') ? { json: JSON.parse(body) as Record<string, unknown> } : {}),
    ...(type.includes('x-www-form-urlencoded') ? { form: new URLSearchParams(body) } : {}),
  };
}

/** The WhatsApp Cloud API's messages endpoint: answers each send with a new `wamid`. */
export function startWhatsappStandIn(): Promise<ProviderStandIn> {
  return ProviderStandIn.start((request) => ({
    status: 200,
    body: {
      messaging_product: 'whatsapp',
      contacts: [{ input: request.json?.to, wa_id: request.json?.to }],
      messages: [{ id: `wamid.${randomBytes(12).toString('hex')}` }],
    },
  }));
}

/** Twilio's Messages resource: answers each send `201` with a new message SID, `queued`. */
export function startTwilioStandIn(): Promise<ProviderStandIn> {
  return ProviderStandIn.start((request) => ({
    status: 201,
    body: {
      sid: `SM${randomBytes(16).toString('hex')}`,
      status: 'queued',
      to: request.form?.get('To'),
      from: request.form?.get('From'),
      body: request.form?.get('Body'),
    },
  }));
}

/** The WhatsApp Cloud API's error body, as Meta answers a refused send. */
export function whatsappError(code: number, message: string): Record<string, unknown> {
  return { error: { message, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp' } } };
}

/** Mailgun's send API: answers each message `200` with an id, queued. */
export function startMailgunStandIn(): Promise<ProviderStandIn> {
  return ProviderStandIn.start((request) => ({
    status: 200,
    body: {
      id: request.form?.get('h:Message-Id') ?? `<${randomBytes(8).toString('hex')}@mailgun>`,
      message: 'Queued. Thank you.',
    },
  }));
}
