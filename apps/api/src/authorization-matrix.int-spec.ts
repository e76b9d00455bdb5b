import { createHmac } from 'node:crypto';
import { Types } from 'mongoose';
import pLimit from 'p-limit';
import { io } from 'socket.io-client';
import request, { type Response } from 'supertest';
import { AccountsService, type Access } from '@app/auth';
import type { Role } from '@app/persistence';
import { RealtimeEmitter } from '@app/realtime';
import {
  createConnectorChannel,
  createTenantWithUsers,
  printFigure,
  RecordingConsole,
  RestClient,
  routeTable,
  seedCustomer,
  signInAll,
  socketEvents,
  startApiInProcess,
  type InProcessApi,
  type RouteEntry,
  type TestUser,
} from '@app/testing';

/**
 * R6, the authorization matrix: every route of the api's route table (read from Nest's own metadata, so a new route
 * is in it without being listed here) × every kind of caller that must not get through, and every socket event.
 */

const ROLES: Role[] = ['agent', 'supervisor', 'admin'];

/**
 * The routes anyone may call; each checks its caller its own way (provider signatures, the password, loopback or
 * METRICS_TOKEN). A route made public by mistake fails this file.
 */
const PUBLIC_ROUTES = [
  'POST /api/v1/auth/login',
  'GET /health',
  'GET /metrics',
  'GET /webhooks/whatsapp/:channelId',
  'POST /webhooks/whatsapp/:channelId',
  'POST /webhooks/twilio/:channelId',
  // Twilio's delivery-status callbacks of replies: authenticated by X-Twilio-Signature like inbound SMS.
  'POST /webhooks/twilio/:channelId/status',
  'POST /webhooks/mailgun/:channelId',
  'POST /webhooks/mailgun/:channelId/mime',
];

type Protected = Exclude<Access, { kind: 'public' }>;

interface Caller {
  name: string;
  token?: string;
  /** Why the answer is wrong, or undefined when it is what this caller must get. */
  judge(response: Response, path: string): string | undefined;
}

let api: InProcessApi;
let acme: Record<Role, TestUser>;
let globex: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;
let routes: RouteEntry[];
let acmeCustomer: string;
let acmeChannel: { id: string; key: string };
let acmeKeyId: string;
let globexChannel: { id: string; key: string };
let revokedKey: string;
let revokedToken: string;
let expiredToken: string;
/** What only tenant Acme's own callers may ever see. */
let acmeSecrets: string[];

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token as the api signs them (HS256 with its secret), with the claims of `token` and the expiry given. */
function resign(token: string, exp: number): string {
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ ...claims, exp })}`;
  const signature = createHmac('sha256', api.env.JWT_SECRET).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** The route's path with the ids of tenant Acme's records where it names one, and fresh ids elsewhere. */
function concretePath(route: RouteEntry): string {
  const segments = route.path.split('/');
  return segments
    .map((segment, index) => {
      if (!segment.startsWith(':')) return segment;
      const name = segment.slice(1);
      const owner = segments[index - 1];
      if (name === 'channelId') return acmeChannel.id;
      if (name === 'id' && owner === 'customers') return acmeCustomer;
      if (name === 'id' && owner === 'channels') return acmeChannel.id;
      if (name === 'id' && owner === 'users') return acme.agent.id;
      if (name === 'id' && owner === 'connector-keys') return acmeKeyId;
      if (name === 'queue') return 'inbound';
      if (name === 'kind') return 'card';
      if (name === 'number') return '4711';
      return new Types.ObjectId().toHexString();
    })
    .join('/');
}

function send(route: RouteEntry, path: string, token?: string) {
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  const call = request(api.url)[method](path).redirects(0);
  if (token) call.set('Authorization', `Bearer ${token}`);
  return ['post', 'put', 'patch'].includes(method) ? call.send({}) : call;
}

/** Acme's secrets in the answer, but those the caller sent in the path itself. */
function leaks(response: Response, path: string): string[] {
  const text = response.text ?? '';
  return acmeSecrets.filter((secret) => !path.includes(secret) && text.includes(secret));
}

const refused =
  (status: number, code: string) =>
  (response: Response): string | undefined =>
    response.status === status && response.body?.code === code ? undefined : `expected ${status} ${code}`;

/** A caller of another tenant: never anything of Acme's, and refused outright when the path names Acme's records. */
const otherTenant = (response: Response, path: string): string | undefined => {
  const namesAcme = [acmeCustomer, acmeChannel.id, acme.agent.id, acmeKeyId].some((id) => path.includes(id));
  if (namesAcme && (response.status < 400 || response.status >= 500)) return 'expected a 4xx refusal';
  if (response.status >= 500) return 'expected no 5xx';
  return undefined;
};

function callersOf(access: Protected): Caller[] {
  const unauthenticated = refused(401, 'unauthenticated');
  const callers: Caller[] = [
    { name: 'no token', judge: unauthenticated },
    { name: 'a malformed token', token: 'not-a-jwt', judge: unauthenticated },
    { name: 'an expired token', token: expiredToken, judge: unauthenticated },
    { name: 'a revoked token', token: revokedToken, judge: unauthenticated },
  ];
  if (access.kind === 'connector') {
    return [
      ...callers,
      { name: 'a revoked connector key', token: revokedKey, judge: unauthenticated },
      { name: "a user's token on a connector route", token: as(acme.admin).token, judge: unauthenticated },
      { name: 'a connector key of another tenant', token: globexChannel.key, judge: refused(403, 'wrong_channel') },
    ];
  }
  const below = ROLES.slice(0, ROLES.indexOf(access.minRole)).map((role): Caller => ({
    name: `the ${role} role`,
    token: as(acme[role]).token,
    judge: refused(403, 'forbidden'),
  }));
  callers.push(...below, {
    name: 'a user of another tenant',
    token: as(globex[access.minRole]).token,
    judge: otherTenant,
  });
  if (access.kind === 'user') {
    callers.push({ name: 'a connector key on a user route', token: acmeChannel.key, judge: unauthenticated });
  } else {
    callers.push(
      { name: 'a revoked connector key', token: revokedKey, judge: unauthenticated },
      { name: 'a connector key of another tenant', token: globexChannel.key, judge: otherTenant },
    );
  }
  return callers;
}

/** The caller each route is for, whose answer must not be a refusal of who they are. */
function rightfulToken(access: Protected): string {
  return access.kind === 'connector' ? acmeChannel.key : as(acme[access.minRole]).token;
}

const label = (route: RouteEntry): string => `${route.method} ${route.path}`;
const protectedRoutes = (): (RouteEntry & { access: Protected })[] =>
  routes.filter((route): route is RouteEntry & { access: Protected } => route.access?.kind !== 'public');

beforeAll(async () => {
  api = await startApiInProcess();
  acme = await createTenantWithUsers(api.app, 'Acmematrix');
  globex = await createTenantWithUsers(api.app, 'Globexmatrix');
  const retired = { email: 'retired@acmematrix.example', password: 'retired-password-123' };
  await api.app
    .get(AccountsService)
    .createUser(acme.admin.tenantId, { ...retired, name: 'Retired admin', role: 'admin' });
  as = await signInAll(api.url, [...Object.values(acme), ...Object.values(globex)]);
  const retiredClient = await RestClient.signIn(api.url, retired.email, retired.password);
  expect((await retiredClient.post('/api/v1/auth/logout')).status).toBe(204);
  revokedToken = retiredClient.token;
  expiredToken = resign(as(acme.admin).token, nowSeconds() - 60);
  acmeCustomer = await seedCustomer(api.app, acme.admin.tenantId, { name: 'Acme Matrix Secret Customer' });
  acmeChannel = await createConnectorChannel(as(acme.admin), 'api');
  globexChannel = await createConnectorChannel(as(globex.admin), 'api');
  acmeKeyId = (await as(acme.admin).get(`/api/v1/channels/${acmeChannel.id}/api-keys`)).body.items[0].id;
  const extraKey = await as(acme.admin).post(`/api/v1/channels/${acmeChannel.id}/api-keys`);
  revokedKey = extraKey.body.key;
  const removed = await as(acme.admin).delete(`/api/v1/channels/${acmeChannel.id}/api-keys/${extraKey.body.id}`);
  expect(removed.status).toBeLessThan(300);
  acmeSecrets = [
    acme.admin.tenantId,
    ...Object.values(acme).flatMap((user) => [user.id, user.email]),
    acmeCustomer,
    'Acme Matrix Secret Customer',
    acmeChannel.id,
    acmeChannel.key,
  ];
  routes = routeTable(api.app);
});

afterAll(async () => {
  await api?.close();
});

describe('the route table', () => {
  it('holds the api routes, each with its access declared, and only the known ones public', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((route) => !route.access).map(label)).toEqual([]);
    const publicRoutes = routes.filter((route) => route.access?.kind === 'public').map(label);
    expect(publicRoutes.filter((route) => !PUBLIC_ROUTES.includes(route))).toEqual([]);
  });

  it('the forged tokens differ from a valid one only by what they are refused for', async () => {
    const stillValid = resign(as(acme.admin).token, nowSeconds() + 600);
    expect((await request(api.url).get('/api/v1/me').set('Authorization', `Bearer ${stillValid}`)).status).toBe(200);
  });
});

describe('every protected route', () => {
  it('refuses every caller it is not for, and leaks nothing of the tenant to them', async () => {
    const limit = pLimit(6);
    const failures: string[] = [];
    let requests = 0;
    await Promise.all(
      protectedRoutes().flatMap((route) =>
        callersOf(route.access).map((caller) =>
          limit(async () => {
            const path = concretePath(route);
            const response = await send(route, path, caller.token);
            requests += 1;
            const wrong = caller.judge(response, path);
            const leaked = leaks(response, path);
            if (wrong || leaked.length > 0) {
              failures.push(
                `${label(route)} by ${caller.name}: ${wrong ?? 'leaked ' + leaked.join(', ')}, ` +
                  `got ${response.status} ${response.text?.slice(0, 160)}`,
              );
            }
          }),
        ),
      ),
    );
    printFigure(
      `R6 authorization matrix: ${protectedRoutes().length} protected routes (${routes.length} in all), ` +
        `${requests} refused calls, ${failures.length} leaks or wrong answers`,
    );
    expect(failures).toEqual([]);
  });

  it('lets the caller it is for through (the refusals above are about the caller, not the request)', async () => {
    const failures: string[] = [];
    // Sequential, signing out last: the rightful agent's sign-out ends the token the others use.
    const ordered = protectedRoutes().sort(
      (a, b) => Number(a.path.endsWith('logout')) - Number(b.path.endsWith('logout')),
    );
    for (const route of ordered) {
      const response = await send(route, concretePath(route), rightfulToken(route.access));
      if ([401, 403].includes(response.status) || response.status >= 500) {
        failures.push(`${label(route)}: got ${response.status} ${response.text?.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('the console socket', () => {
  const connectError = (token?: string): Promise<unknown> =>
    new Promise((resolve) => {
      const socket = io(api.url, {
        auth: token === undefined ? {} : { token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      socket.once('connect', () => {
        socket.disconnect();
        resolve('connected');
      });
      socket.once('connect_error', (error: Error & { data?: unknown }) => resolve(error.data));
    });

  it.each([
    ['no token', () => undefined],
    ['a malformed token', () => 'not-a-jwt'],
    ['an expired token', () => expiredToken],
    ['a revoked token', () => revokedToken],
    ['a connector key', () => acmeChannel.key],
  ])('refuses a connection with %s', async (_name, token) => {
    expect(await connectError(token())).toEqual({ code: 'unauthenticated' });
  });

  it('lets a console of another tenant call every event with ids of this tenant and hear nothing of it', async () => {
    const events = socketEvents(api.app);
    expect(events.length).toBeGreaterThan(0);
    // A user of its own: the matrix's other-tenant caller of POST /auth/logout ends Globex users' sessions, and
    // that ending travels through Redis to every socket of theirs, maybe after this one connected.
    const watcher = { email: 'watcher@globexmatrix.example', password: 'watcher-password-123' };
    await api.app
      .get(AccountsService)
      .createUser(globex.agent.tenantId, { ...watcher, name: 'Globex watcher', role: 'agent' });
    const signedIn = await RestClient.signIn(api.url, watcher.email, watcher.password);
    const intruder = await RecordingConsole.connect(api.url, signedIn.token);
    try {
      const emit = intruder.socket.emitWithAck as (event: string, ...args: unknown[]) => Promise<unknown>;
      for (const event of events) await emit.call(intruder.socket, event, acmeCustomer);
      const emitter = api.app.get(RealtimeEmitter);
      emitter.emit(acme.admin.tenantId, 'customer.updated', { customerId: acmeCustomer });
      // Redis delivers one publisher's messages in order: once the marker arrives, Acme's event has gone by.
      emitter.emit(globex.admin.tenantId, 'customer.created', { customerId: 'marker' });
      await Promise.race([
        intruder.next('customer.created', (event) => event.customerId === 'marker'),
        intruder.disconnected.then((reason) => Promise.reject(new Error(`the console was disconnected: ${reason}`))),
      ]);
      printFigure(`R6 socket events: ${events.join(', ')} called across tenants; connections refused: 5 kinds`);
      expect(intruder.events.filter((event) => JSON.stringify(event).includes(acme.admin.tenantId))).toEqual([]);
    } finally {
      intruder.close();
    }
  });
});
