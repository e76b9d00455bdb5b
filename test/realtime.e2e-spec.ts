import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import request from 'supertest';
import { dropTestDatabase, runAppProcess, startAppProcess, testEnvironment, type RunningApp } from '@app/testing';
import { RealtimeEmitter, type ClientToServerEvents, type ServerToClientEvents } from '@app/realtime';

type ConsoleClient = Socket<ServerToClientEvents, ClientToServerEvents>;

const env = testEnvironment();
let api: RunningApp;
let redis: Redis;
const sockets: ConsoleClient[] = [];

async function createTenant(name: string): Promise<{ tenantId: string; token: string }> {
  const email = `admin@${name}.example`;
  const password = 'admin-password-123';
  const created = await runAppProcess(
    'cli',
    ['tenant:create', '--name', name, '--admin-email', email, '--admin-password', password],
    env,
  );
  expect(created.code).toBe(0);
  const { tenantId } = JSON.parse(created.stdout) as { tenantId: string };
  const login = await request(api.url).post('/api/v1/auth/login').send({ email, password });
  return { tenantId, token: login.body.accessToken };
}

function connect(auth: Record<string, unknown>): ConsoleClient {
  const socket: ConsoleClient = io(api.url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  return socket;
}

function connected(socket: ConsoleClient): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

beforeAll(async () => {
  api = await startAppProcess('api', env);
  redis = new Redis(env.REDIS_URL);
});

afterAll(async () => {
  sockets.forEach((socket) => socket.disconnect());
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
    const acme = await createTenant('acme');
    const globex = await createTenant('globex');
    const acmeConsole = connect({ token: acme.token });
    const globexConsole = connect({ token: globex.token });
    await Promise.all([connected(acmeConsole), connected(globexConsole)]);

    const acmeEvents: string[] = [];
    const globexEvents: string[] = [];
    acmeConsole.on('customer.created', (event) => acmeEvents.push(`${event.tenantId}:${event.customerId}`));
    const globexReceived = new Promise<void>((resolve) =>
      globexConsole.on('customer.created', (event) => {
        globexEvents.push(`${event.tenantId}:${event.customerId}`);
        resolve();
      }),
    );
    const acmeReceived = new Promise<void>((resolve) => acmeConsole.once('customer.created', () => resolve()));

    // The worker's path: the Redis emitter, through the api's Redis adapter, to the tenant room.
    const emitter = new RealtimeEmitter(redis);
    emitter.emit(acme.tenantId, 'customer.created', { customerId: 'for-acme' });
    emitter.emit(globex.tenantId, 'customer.created', { customerId: 'for-globex' });
    await Promise.all([acmeReceived, globexReceived]);

    // Redis pub/sub keeps order: had Globex's console been sent Acme's event, it would have arrived first.
    expect(acmeEvents).toEqual([`${acme.tenantId}:for-acme`]);
    expect(globexEvents).toEqual([`${globex.tenantId}:for-globex`]);
  });
});
