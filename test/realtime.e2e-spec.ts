import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import {
  createTenantThroughCli,
  dropTestDatabase,
  RecordingConsole,
  startAppProcess,
  testEnvironment,
  type ConsoleClient,
  type RunningApp,
} from '@app/testing';
import { RealtimeEmitter } from '@app/realtime';

const env = testEnvironment();
let api: RunningApp;
let redis: Redis;
const sockets: ConsoleClient[] = [];
const consoles: RecordingConsole[] = [];

async function consoleOf(tenant: string): Promise<{ tenantId: string; console: RecordingConsole }> {
  const { tenantId, admin } = await createTenantThroughCli(env, api.url, tenant);
  const client = await RecordingConsole.connect(api.url, admin.token);
  consoles.push(client);
  return { tenantId, console: client };
}

function connect(auth: Record<string, unknown>): ConsoleClient {
  const socket: ConsoleClient = io(api.url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  return socket;
}

beforeAll(async () => {
  api = await startAppProcess('api', env);
  redis = new Redis(env.REDIS_URL);
});

afterAll(async () => {
  sockets.forEach((socket) => socket.disconnect());
  consoles.forEach((client) => client.close());
  redis?.disconnect();
  await api?.stop();
  await dropTestDatabase(env);
});

describe('realtime', () => {
  it.each([
    ['no token', {}],
    ['a forged token', { token: 'eyJhbGciOiJIUzI1NiJ9.e30.forged' }],
  ])('refuses a connection with %s', async (_name, auth) => {
    const error = await new Promise<Error & { data?: { code?: string } }>((resolve, reject) => {
      const socket = connect(auth);
      socket.once('connect', () => reject(new Error('connected without a valid token')));
      socket.once('connect_error', resolve);
    });
    expect(error.message).toBe('unauthorized');
    expect(error.data?.code).toBe('unauthenticated');
  });

  it('delivers an event sent to a tenant to its consoles only', async () => {
    const acme = await consoleOf('acme');
    const globex = await consoleOf('globex');

    // The worker's path: the Redis emitter, through the api's Redis adapter, to the tenant room.
    const emitter = new RealtimeEmitter(redis);
    emitter.emit(acme.tenantId, 'customer.created', { customerId: 'for-acme' });
    emitter.emit(globex.tenantId, 'customer.created', { customerId: 'for-globex' });
    emitter.emit(acme.tenantId, 'customer.created', { customerId: 'for-acme-again' });
    await Promise.all([
      acme.console.next('customer.created', (event) => event.customerId === 'for-acme-again'),
      globex.console.next('customer.created'),
    ]);

    // Redis pub/sub keeps order: an event of the other tenant sent to a console would have arrived before the one
    // awaited on it (Acme's first before Globex's, Globex's before Acme's second).
    const received = (tenant: { console: RecordingConsole }) =>
      tenant.console.named('customer.created').map((event) => `${event.tenantId}:${event.customerId}`);
    expect(received(acme)).toEqual([`${acme.tenantId}:for-acme`, `${acme.tenantId}:for-acme-again`]);
    expect(received(globex)).toEqual([`${globex.tenantId}:for-globex`]);
  });
});
