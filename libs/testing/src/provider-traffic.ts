import { setTimeout as delay } from 'node:timers/promises';
import type { Delivery } from './provider-deliveries.js';

/** One delivery as a provider knows it: the message id the stored message will carry, and how to build an attempt. */
export interface TrafficMessage {
  externalId: string;
  /** Built afresh per attempt (a Mailgun retry has a token of its own). */
  build(): Delivery;
}

/** What the api answered a 503 with: the problem's code and headers, for the suite to check. */
export interface Unavailable {
  externalId: string;
  code?: string;
  contentType: string | null;
  retryAfter: string | null;
}

/**
 * Providers delivering to the api at a steady `perSecond` (at most `concurrency` requests waiting for an answer), while
 * a suite breaks what the api depends on: the pace is the traffic's shape, not a wait for anything. Each message is
 * posted once, and what the api answers is counted (2xx acknowledged, 503 to be retried,
 * anything else kept as an error). `retryUnavailable` then delivers the 503s again, as providers do.
 */
export class ProviderTraffic {
  readonly acknowledged = new Set<string>();
  readonly unavailable: Unavailable[] = [];
  /** Answers other than 2xx and 503: `status externalId body`. */
  readonly errors: string[] = [];
  attempts = 0;
  private readonly ackWaiters: { count: number; resolve: () => void }[] = [];

  constructor(
    private readonly apiUrl: string,
    private readonly perSecond: number,
    private readonly concurrency: number,
  ) {}

  /**
   * Posts the messages in turn, at the traffic's pace, until they run out or, once `minimum` were sent, `stopWhen`
   * holds. Answers how many were sent.
   */
  async send(messages: Iterable<TrafficMessage>, minimum: number, stopWhen: () => boolean): Promise<number> {
    const source = messages[Symbol.iterator]();
    let sent = 0;
    let scheduled = 0;
    const started = Date.now();
    const next = async (): Promise<TrafficMessage | undefined> => {
      // The slot is taken before waiting for it, so the senders keep the pace together.
      const due = started + (scheduled++ * 1000) / this.perSecond;
      if (due > Date.now()) await delay(due - Date.now());
      if (sent >= minimum && stopWhen()) return undefined;
      const { done, value } = source.next();
      if (done) return undefined;
      sent += 1;
      return value;
    };
    await Promise.all(
      Array.from({ length: this.concurrency }, async () => {
        for (let message = await next(); message; message = await next()) await this.post(message);
      }),
    );
    return sent;
  }

  /** Resolves once `count` messages have been acknowledged. */
  acknowledgedAtLeast(count: number): Promise<void> {
    if (this.acknowledged.size >= count) return Promise.resolve();
    return new Promise((resolve) => this.ackWaiters.push({ count, resolve }));
  }

  /** Posts again each message answered 503 until the api acknowledges it, each within `withinMs`. */
  async retryUnavailable(messages: Map<string, TrafficMessage>, withinMs: number): Promise<void> {
    for (const { externalId } of this.unavailable) {
      if (this.acknowledged.has(externalId)) continue;
      const deadline = Date.now() + withinMs;
      while (!this.acknowledged.has(externalId)) {
        const status = await this.post(messages.get(externalId)!);
        if (status !== 200 && Date.now() > deadline) throw new Error(`${externalId} still answered ${status}`);
      }
    }
  }

  /** Posts one message once, counted with the rest; answers the status (0 when the request itself failed). */
  async post(message: TrafficMessage): Promise<number> {
    const delivery = message.build();
    this.attempts += 1;
    let response: Response;
    try {
      response = await fetch(`${this.apiUrl}${delivery.path}`, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
      });
    } catch (error) {
      this.errors.push(`network ${message.externalId} ${(error as Error).message}`);
      return 0;
    }
    const text = await response.text();
    if (response.status >= 200 && response.status < 300) {
      this.acknowledged.add(message.externalId);
      for (const waiter of this.ackWaiters.filter(({ count }) => this.acknowledged.size >= count)) {
        this.ackWaiters.splice(this.ackWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    } else if (response.status === 503) {
      this.unavailable.push({
        externalId: message.externalId,
        code: parseCode(text),
        contentType: response.headers.get('content-type'),
        retryAfter: response.headers.get('retry-after'),
      });
    } else {
      this.errors.push(`${response.status} ${message.externalId} ${text.slice(0, 160)}`);
    }
    return response.status;
  }
}

function parseCode(text: string): string | undefined {
  try {
    return (JSON.parse(text) as { code?: string }).code;
  } catch {
    return undefined;
  }
}
