import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The user the client signed in as, if it did. */
  user?: string;
  raw: string;
}

/**
 * An SMTP relay as a real server on 127.0.0.1 (`smtp-server`, no TLS) that records what it accepts, signs clients
 * in with one user and password when given, and refuses the next messages with a code when told to.
 */
export class SmtpStandIn {
  readonly mails: ReceivedMail[] = [];
  private readonly refusals: { code: number; message: string }[] = [];
  private readonly waiters: (() => void)[] = [];
  private readonly server: SMTPServer;

  private constructor(credentials?: { user: string; password: string }) {
    this.server = new SMTPServer({
      disabledCommands: credentials ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !credentials,
      allowInsecureAuth: true,
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (credentials && auth.username === credentials.user && auth.password === credentials.password) {
          callback(null, { user: auth.username });
          return;
        }
        callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const refusal = this.refusals.shift();
          if (refusal) {
            callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
            return;
          }
          const address = (value: SMTPServerAddress | false) => (value ? value.address : '');
          this.mails.push({
            from: address(session.envelope.mailFrom),
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            ...(typeof session.user === 'string' ? { user: session.user } : {}),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
          for (const wake of this.waiters.splice(0)) wake();
        });
      },
    });
  }

  static async start(credentials?: { user: string; password: string }): Promise<SmtpStandIn> {
    const standIn = new SmtpStandIn(credentials);
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
    return standIn;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  /** The next `count` messages are refused with this SMTP reply (4xx: try later; 5xx: never). */
  refuseNext(count: number, code: number, message: string): void {
    for (let n = 0; n < count; n += 1) this.refusals.push({ code, message });
  }

  /** Waits until `count` accepted mails match `predicate`, at most `timeoutMs`. */
  async waitForMails(
    count: number,
    predicate: (mail: ReceivedMail) => boolean = () => true,
    timeoutMs = 20_000,
  ): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.mails.filter(predicate);
      if (matching.length >= count) return matching;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`SMTP stand-in got ${matching.length} of ${count} mails within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
