import { createConnection, type Socket } from 'node:net';

/** A raw SMTP conversation: each command is written as given and answered with the server's complete reply. */
export class SmtpSession {
  private buffer = '';
  private readonly replies: string[] = [];
  private waiter?: () => void;
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      const lines = this.buffer.split('\r\n');
      this.buffer = lines.pop() ?? '';
      // `250-…` lines continue a reply; the line of its code and a space (or nothing) ends it.
      for (const line of lines) if (/^\d{3}( |$)/.test(line)) this.replies.push(line);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  /** `localAddress` another loopback address (127.0.0.2, …) makes the session come from another client address. */
  static async open(
    port: number,
    { localAddress }: { localAddress?: string } = {},
  ): Promise<{ session: SmtpSession; greeting: string }> {
    const socket = createConnection({ host: '127.0.0.1', port, localAddress });
    const session = new SmtpSession(socket);
    return { session, greeting: await session.reply() };
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  /**
   * The next reply; `closed` once the server ended the connection without one, `silent` when none came within
   * `withinMs` (a server must answer every command).
   */
  async reply(withinMs = 5_000): Promise<string> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const next = this.replies.shift();
      if (next !== undefined) return next;
      if (this.closed) return 'closed';
      const left = deadline - Date.now();
      if (left <= 0) return 'silent';
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Writes the bytes (a command and its CRLF, or a message and its terminating dot) and answers the reply. */
  async send(bytes: string | Buffer): Promise<string> {
    if (this.closed) return 'closed';
    this.socket.write(bytes);
    return this.reply();
  }

  close(): void {
    this.socket.destroy();
  }
}
