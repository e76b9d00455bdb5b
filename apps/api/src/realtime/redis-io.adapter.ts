import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { createRedis } from '@app/redis';

/**
 * Socket.io over Redis pub/sub: every api instance delivers every event to its own sockets, whether another
 * instance or the worker (through the emitter) sent it.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly redisLogger = new Logger(RedisIoAdapter.name);
  private connections: Redis[] = [];

  constructor(
    app: ConstructorParameters<typeof IoAdapter>[0],
    private readonly redisUrl: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, { ...options, serveClient: false } as ServerOptions) as Server;
    const publisher = createRedis(this.redisUrl);
    const subscriber = publisher.duplicate();
    this.connections = [publisher, subscriber];
    // ioredis reconnects by itself; unheard, its errors would go to the console without our log's context.
    for (const connection of this.connections) {
      connection.on('error', (error: Error) =>
        this.redisLogger.warn({ err: error.message }, 'realtime Redis connection'),
      );
    }
    server.adapter(createAdapter(publisher, subscriber));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all(this.connections.map((connection) => connection.quit().catch(() => connection.disconnect())));
  }
}
