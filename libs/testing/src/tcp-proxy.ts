import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a server the tests cannot stop without losing it (mongo-java-server keeps
 * its data in memory): the apps connect through it, and `cut` makes the server unreachable as a network fault would
 * — every open connection is destroyed and new ones are accepted but never answered (black-holed) — until `restore`.
 */
export class TcpProxy {
  private readonly piped = new Set<Socket>();
  private readonly held = new Set<Socket>();
  private reachable = true;
  /** Connections black-holed while cut. */
  heldConnections = 0;

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server, target);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `uri` (a `mongodb://host:port/…` or any URL with one host) with this proxy in place of its host and port. */
  rewrite(uri: string): string {
    const url = new URL(uri);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  cut(): void {
    this.reachable = false;
    for (const socket of this.piped) socket.destroy();
    this.piped.clear();
  }

  /** Reachable again: the connections held meanwhile are closed, so their clients connect again at once. */
  restore(): void {
    this.reachable = true;
    for (const socket of this.held) socket.destroy();
    this.held.clear();
  }

  async close(): Promise<void> {
    this.cut();
    this.restore();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.on('error', () => undefined);
    if (!this.reachable) {
      this.heldConnections += 1;
      this.held.add(client);
      client.on('close', () => this.held.delete(client));
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    upstream.on('error', () => undefined);
    for (const [socket, other] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.piped.add(socket);
      socket.on('close', () => {
        this.piped.delete(socket);
        other.destroy();
      });
      socket.pipe(other);
    }
  }
}
