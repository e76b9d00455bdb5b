import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import type { Role } from '@app/persistence';
import { RealtimeEmitter } from '@app/realtime';
import {
  createTenantWithUsers,
  RecordingConsole,
  RestClient,
  signInAll,
  startApiInProcess,
  type InProcessApi,
  type TestUser,
} from '@app/testing';

let api: InProcessApi;
let acme: Record<Role, TestUser>;
let globex: Record<Role, TestUser>;
const consoles: RecordingConsole[] = [];

beforeAll(async () => {
  api = await startApiInProcess();
  acme = await createTenantWithUsers(api.app, 'Acmeusers');
  globex = await createTenantWithUsers(api.app, 'Globexusers');
});

afterAll(async () => {
  for (const open of consoles) open.close();
  await api?.close();
});

const signIn = (user: Pick<TestUser, 'email' | 'password'>) => RestClient.signIn(api.url, user.email, user.password);

async function connect(client: RestClient): Promise<RecordingConsole> {
  const open = await RecordingConsole.connect(api.url, client.token);
  consoles.push(open);
  return open;
}

/** A user of its own in the tenant of `admin`, made through the api as the admin page makes one. */
async function invite(admin: RestClient, local: string, role: Role): Promise<TestUser & { client: RestClient }> {
  const email = `${local}@invited.example`;
  const password = `${local}-password-123`;
  const created = await admin.post('/api/v1/users', { email, password, name: local, role });
  expect(created.status).toBe(201);
  const user = { id: created.body.id, tenantId: created.body.tenantId, email, password, role };
  return { ...user, client: await signIn(user) };
}

describe('PATCH /api/v1/users/:id', () => {
  it.each(['agent', 'supervisor'] as const)('is refused to a %s with 403', async (role) => {
    const as = await signInAll(api.url, [acme[role]]);
    const response = await as(acme[role]).patch(`/api/v1/users/${acme.agent.id}`, { active: false });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('forbidden');
  });

  it('answers 404 for a user of another tenant, and changes nothing there', async () => {
    const as = await signInAll(api.url, [acme.admin, globex.agent]);
    const response = await as(acme.admin).patch(`/api/v1/users/${globex.agent.id}`, { active: false });
    expect(response.status).toBe(404);
    expect((await as(globex.agent).get('/api/v1/me')).status).toBe(200);
  });

  it('refuses an unknown role and unknown fields', async () => {
    const as = await signInAll(api.url, [acme.admin]);
    const role = await as(acme.admin).patch(`/api/v1/users/${acme.agent.id}`, { role: 'owner' });
    expect(role.status).toBe(400);
    const extra = await as(acme.admin).patch(`/api/v1/users/${acme.agent.id}`, { email: 'x@y.example' });
    expect(extra.status).toBe(400);
    expect(extra.body.code).toBe('validation_failed');
  });

  it('changes a role on the next request: old tokens stop working, a new sign-in carries the new role', async () => {
    const admin = await signIn(acme.admin);
    const user = await invite(admin, 'promoted', 'agent');
    expect((await user.client.get('/api/v1/audit')).status).toBe(403);

    const changed = await admin.patch(`/api/v1/users/${user.id}`, { role: 'supervisor' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: user.id, role: 'supervisor', active: true });

    const stale = await user.client.get('/api/v1/me');
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('unauthenticated');
    const again = await signIn(user);
    expect((await again.get('/api/v1/me')).body.role).toBe('supervisor');
    expect((await again.get('/api/v1/audit')).status).toBe(200);
  });

  it('deactivates and reactivates: the user is refused at once and cannot sign in meanwhile', async () => {
    const admin = await signIn(acme.admin);
    const user = await invite(admin, 'leaver', 'agent');

    const deactivated = await admin.patch(`/api/v1/users/${user.id}`, { active: false });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    expect((await user.client.get('/api/v1/customers')).status).toBe(401);

    const login = (password: string) =>
      request(api.url).post('/api/v1/auth/login').send({ email: user.email, password });
    const refused = await login(user.password);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('account_deactivated');
    expect((await login('a-wrong-password')).body.code).toBe('invalid_credentials');

    const listed = await admin.get('/api/v1/users');
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({ id: user.id, email: user.email, role: 'agent', active: false }),
    );

    expect((await admin.patch(`/api/v1/users/${user.id}`, { active: true })).body.active).toBe(true);
    expect((await login(user.password)).status).toBe(200);
  });

  it('revokes nothing when the change alters nothing', async () => {
    const admin = await signIn(acme.admin);
    const user = await invite(admin, 'unchanged', 'agent');
    const same = await admin.patch(`/api/v1/users/${user.id}`, { role: 'agent', active: true });
    expect(same.status).toBe(200);
    expect((await user.client.get('/api/v1/me')).status).toBe(200);
  });

  it('tells the user’s open consoles session.revoked and disconnects them, and no one else’s', async () => {
    const admin = await signIn(acme.admin);
    const user = await invite(admin, 'watched', 'agent');
    const [first, second] = [await connect(user.client), await connect(user.client)];
    const bystander = await connect(await signIn(acme.supervisor));

    expect((await admin.patch(`/api/v1/users/${user.id}`, { active: false })).status).toBe(200);

    for (const open of [first, second]) {
      expect(await open.next('session.revoked')).toMatchObject({
        tenantId: user.tenantId,
        userId: user.id,
        reason: 'deactivated',
      });
      expect(await open.disconnected).toBe('io server disconnect');
    }
    await expect(RecordingConsole.connect(api.url, user.client.token)).rejects.toThrow('unauthorized');
    // Events leave through one Redis connection in order: once a later one reaches the bystander, so would have
    // a revocation meant for it.
    api.app.get(RealtimeEmitter).emit(user.tenantId, 'customer.created', { customerId: 'marker' });
    await bystander.next('customer.created', (event) => event.customerId === 'marker');
    expect(bystander.socket.connected).toBe(true);
    expect(bystander.named('session.revoked')).toEqual([]);
  });

  it('tells a console role_changed on a role change; a new sign-in connects again', async () => {
    const admin = await signIn(acme.admin);
    const user = await invite(admin, 'rolechange', 'agent');
    const open = await connect(user.client);
    await admin.patch(`/api/v1/users/${user.id}`, { role: 'supervisor' });
    expect((await open.next('session.revoked')).reason).toBe('role_changed');
    await open.disconnected;
    const again = await connect(await signIn(user));
    expect(again.socket.connected).toBe(true);
  });
});

describe('the last active admin', () => {
  it('cannot demote or deactivate themselves while no other admin is active; can once one is', async () => {
    const tenant = await createTenantWithUsers(api.app, 'Soloadmin');
    const admin = await signIn(tenant.admin);
    for (const change of [{ role: 'agent' }, { active: false }, { role: 'supervisor', active: false }]) {
      const refused = await admin.patch(`/api/v1/users/${tenant.admin.id}`, change);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'last_admin' });
    }
    expect((await admin.get('/api/v1/me')).status).toBe(200);

    expect((await admin.patch(`/api/v1/users/${tenant.supervisor.id}`, { role: 'admin' })).status).toBe(200);
    const stepDown = await admin.patch(`/api/v1/users/${tenant.admin.id}`, { role: 'agent' });
    expect(stepDown.status).toBe(200);
    expect((await admin.get('/api/v1/users')).status).toBe(401);
  });

  it('is kept when two admins demote each other at once', async () => {
    const tenant = await createTenantWithUsers(api.app, 'Twoadmins');
    const admin = await signIn(tenant.admin);
    expect((await admin.patch(`/api/v1/users/${tenant.supervisor.id}`, { role: 'admin' })).status).toBe(200);
    const other = await signIn(tenant.supervisor);
    const outcomes = await Promise.all([
      admin.patch(`/api/v1/users/${tenant.supervisor.id}`, { role: 'agent' }),
      other.patch(`/api/v1/users/${tenant.admin.id}`, { role: 'agent' }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 200).length).toBeLessThanOrEqual(1);
    const admins = await signInAll(api.url, [tenant.admin, tenant.supervisor]);
    const roles = await Promise.all(
      [tenant.admin, tenant.supervisor].map(async (user) => (await admins(user).get('/api/v1/me')).body.role),
    );
    expect(roles).toContain('admin');
  });
});

describe('POST /api/v1/auth/logout', () => {
  it('ends the token for REST and sockets; a new sign-in works', async () => {
    const admin = await signIn(acme.admin);
    const user = await invite(admin, 'signsout', 'agent');
    const open = await connect(user.client);
    const loggedOut = await user.client.post('/api/v1/auth/logout');
    expect(loggedOut.status).toBe(204);
    expect((await open.next('session.revoked')).reason).toBe('signed_out');
    expect(await open.disconnected).toBe('io server disconnect');
    expect((await user.client.get('/api/v1/me')).status).toBe(401);
    expect((await (await signIn(user)).get('/api/v1/me')).status).toBe(200);
  });

  it('needs a valid token', async () => {
    expect((await request(api.url).post('/api/v1/auth/logout')).status).toBe(401);
  });
});

describe('token expiry', () => {
  it('tells a socket session.revoked when its token expires, and disconnects it', async () => {
    const { agent } = acme;
    // A token like the api's own, but living two seconds.
    const token = await api.app
      .get(JwtService, { strict: false })
      .signAsync({ sub: agent.id, tid: agent.tenantId, ver: 0 }, { expiresIn: 2 });
    const open = await RecordingConsole.connect(api.url, token);
    consoles.push(open);
    expect(await open.next('session.revoked')).toMatchObject({ userId: agent.id, reason: 'expired' });
    expect(await open.disconnected).toBe('io server disconnect');
  });
});
