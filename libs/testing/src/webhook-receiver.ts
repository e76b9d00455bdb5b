import { createHmac, timingSafeEqual } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** The raw body, as signed. */
  raw: string;
  body: { id: string; type: string; occurredAt: string; tenantId: string; data: Record<string, unknown> };
  /** The status this receiver answered. */
  answered: number;
}

export interface ReceiverAnswer {
  status: number;
  headers?: Record<string, string>;
}

/** Decides the answer to each request; it sees what was received before (this request excluded). */
export type AnswerPlan = (request: Omit<ReceivedWebhook, 'answered'>, before: ReceivedWebhook[]) => ReceiverAnswer;

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Changes how later requests are answered. */
  answerWith(plan: AnswerPlan): void;
  /** Resolves once `check` holds for what was received, or rejects after `timeoutMs`. */
  waitFor(check: (received: ReceivedWebhook[]) => boolean, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** A subscriber's endpoint: a real HTTP server on 127.0.0.1 recording every delivery and answering per plan. */
export async function startWebhookReceiver(plan: AnswerPlan = () => ({ status: 200 })): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const arrivals = new EventEmitter();
  let answer = plan;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const incoming = { headers: request.headers, raw, body: JSON.parse(raw) as ReceivedWebhook['body'] };
      const { status, headers = {} } = answer(incoming, [...received]);
      received.push({ ...incoming, answered: status });
      response.writeHead(status, headers).end(status >= 300 ? 'receiver says no' : 'ok');
      arrivals.emit('arrival');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answerWith: (next) => {
      answer = next;
    },
    waitFor: (check, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const settle = () => {
          if (!check(received)) return;
          clearTimeout(timer);
          arrivals.off('arrival', settle);
          resolve(received);
        };
        const timer = setTimeout(() => {
          arrivals.off('arrival', settle);
          reject(
            new Error(`the receiver did not get what was awaited in ${timeoutMs} ms: ${received.length} received`),
          );
        }, timeoutMs);
        arrivals.on('arrival', settle);
        settle();
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A receiver's check of `X-Signature: t=<unix>,v1=<hex>` (the README's example, written apart from the product's
 * signer): the HMAC-SHA256 of "t.body" under the secret, compared in constant time, `t` within `toleranceSeconds`.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  rawBody: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((part) => part.split('=', 2)));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  const given = Buffer.from(String(parts.v1), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Polls `read` until `done` holds for its answer (bounded by `timeoutMs`); answers that value. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 20_000, everyMs = 100 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not reached within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
