import request from 'supertest';
import {
  createTenantWithUsers,
  signInAll,
  startApiInProcess,
  type InProcessApi,
  type RestClient,
  type TestUser,
} from '@app/testing';
import { AccountsService, ConnectorKeyService, EmailTakenError } from '@app/auth';
import { TenantRepository, type Role } from '@app/persistence';

let api: InProcessApi;
let acme: Record<Role, TestUser>;
let globex: Record<Role, TestUser>;
/** Requests signed in as `user`. */
let as: (user: TestUser) => RestClient;

const whatsappChannel = {
  kind: 'whatsapp',
  name: 'Support WhatsApp',
  config: { phoneNumberId: '106540352242922', appSecret: 'super-secret-app', verifyToken: 'verify-token-123' },
};

beforeAll(async () => {
  api = await startApiInProcess();
  acme = await createTenantWithUsers(api.app, 'Acme');
  globex = await createTenantWithUsers(api.app, 'Globex');
  as = await signInAll(
    api.url,
    [acme, globex].flatMap((tenant) => Object.values(tenant)),
  );
});

afterAll(async () => {
  await api?.close();
});

describe('sign-in', () => {
  it('answers a token and the user, and /me answers the same user', async () => {
    const login = await request(api.url)
      .post('/api/v1/auth/login')
      .send({ email: acme.agent.email, password: acme.agent.password });
    expect(login.status).toBe(200);
    expect(login.body.user).toEqual({
      id: acme.agent.id,
      tenantId: acme.agent.tenantId,
      role: 'agent',
      name: 'Acme agent',
      email: acme.agent.email,
      tenantName: 'Acme',
    });
    const me = await request(api.url).get('/api/v1/me').set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(acme.agent.id);
    expect(me.body.tenantName).toBe('Acme');
  });

  it.each([
    ['a wrong password', () => ({ email: acme.agent.email, password: 'wrong-password' })],
    ['an unknown email', () => ({ email: 'nobody@acme.example', password: 'whatever-password' })],
  ])('refuses %s with 401 invalid_credentials', async (_name, body) => {
    const response = await request(api.url).post('/api/v1/auth/login').send(body());
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 401, code: 'invalid_credentials' });
  });

  it.each([
    ['no token', undefined],
    ['a malformed token', 'Bearer not-a-jwt'],
    [
      'a token signed with another secret',
      'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4IiwidGlkIjoieSIsInJvbGUiOiJhZG1pbiJ9.c2lnbmF0dXJl',
    ],
  ])('refuses %s with 401', async (_name, header) => {
    const call = request(api.url).get('/api/v1/me');
    const response = header ? await call.set('Authorization', header) : await call;
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthenticated');
  });
});

describe('roles', () => {
  it.each([
    ['agent', 'GET', '/api/v1/users', 403],
    ['supervisor', 'GET', '/api/v1/users', 403],
    ['admin', 'GET', '/api/v1/users', 200],
    ['agent', 'GET', '/api/v1/channels', 403],
    ['supervisor', 'POST', '/api/v1/channels', 403],
    ['admin', 'GET', '/api/v1/channels', 200],
    ['agent', 'GET', '/api/v1/me', 200],
  ] as const)('%s: %s %s → %d', async (role, method, path, status) => {
    const response = await (method === 'GET' ? as(acme[role]).get(path) : as(acme[role]).post(path, whatsappChannel));
    expect(response.status).toBe(status);
    if (status === 403) expect(response.body.code).toBe('forbidden');
  });

  it('lets an admin create users of every role, and refuses a duplicate email', async () => {
    const created = await as(acme.admin).post('/api/v1/users', {
      email: 'New.Agent@Acme.Example',
      password: 'a-long-password',
      name: 'New Agent',
      role: 'agent',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'new.agent@acme.example',
      role: 'agent',
      tenantId: acme.admin.tenantId,
    });
    expect(created.body).not.toHaveProperty('passwordHash');
    const duplicate = await as(acme.admin).post('/api/v1/users', {
      email: 'new.agent@acme.example',
      password: 'a-long-password',
      name: 'Twin',
      role: 'agent',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('email_taken');
  });
});

describe('channels', () => {
  it('stores secrets but never returns them', async () => {
    const created = await as(acme.admin).post('/api/v1/channels', whatsappChannel);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'whatsapp', config: { phoneNumberId: '106540352242922' } });
    expect(created.body.webhookUrl).toMatch(new RegExp(`/webhooks/whatsapp/${created.body.id}$`));
    const listed = await as(acme.admin).get('/api/v1/channels');
    const fetched = await as(acme.admin).get(`/api/v1/channels/${created.body.id}`);
    for (const body of [created.body, listed.body, fetched.body]) {
      expect(JSON.stringify(body)).not.toMatch(/super-secret-app|verify-token-123/);
    }
  });

  it('validates the config of each kind', async () => {
    const response = await as(acme.admin).post('/api/v1/channels', {
      kind: 'sms',
      name: 'SMS',
      config: { accountSid: 'nope' },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(
      expect.arrayContaining(['config.accountSid', 'config.authToken', 'config.phoneNumber']),
    );
  });

  it('issues connector keys once, stores only their hash, and revokes them', async () => {
    const channel = await as(acme.admin).post('/api/v1/channels', { kind: 'api', name: 'CRM' });
    const created = await as(acme.admin).post(`/api/v1/channels/${channel.body.id}/api-keys`, { name: 'CRM sync' });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^cck_[0-9a-f]{24}_[\w-]{43}$/);
    const listed = await as(acme.admin).get(`/api/v1/channels/${channel.body.id}/api-keys`);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: created.body.id, revokedAt: null })]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    const connectorKeys = api.app.get(ConnectorKeyService);
    expect(await connectorKeys.authenticate(created.body.key)).toEqual({
      kind: 'connector',
      keyId: created.body.id,
      tenantId: acme.admin.tenantId,
      channelId: channel.body.id,
      trusted: false,
    });
    const revoked = await as(acme.admin).delete(`/api/v1/channels/${channel.body.id}/api-keys/${created.body.id}`);
    expect(revoked.status).toBe(204);
    const after = await as(acme.admin).get(`/api/v1/channels/${channel.body.id}/api-keys`);
    expect(after.body.items[0].revokedAt).not.toBeNull();
    expect(await connectorKeys.authenticate(created.body.key)).toBeUndefined();
  });

  it('gives an email address to one channel only, whichever tenant asks', async () => {
    const channel = (addresses: string[]) => ({ kind: 'email', name: 'Mail', config: { addresses } });
    const first = await as(acme.admin).post('/api/v1/channels', channel(['help@acme-only.example']));
    expect(first.status).toBe(201);
    const stolen = await as(globex.admin).post(
      '/api/v1/channels',
      channel(['Help@Acme-Only.example', 'x@globex.example']),
    );
    expect(stolen.status).toBe(409);
    expect(stolen.body).toMatchObject({ code: 'address_taken', taken: ['help@acme-only.example'] });
    expect(JSON.stringify(stolen.body)).not.toContain(acme.admin.tenantId);
    expect((await as(globex.admin).post('/api/v1/channels', channel(['x@globex.example']))).status).toBe(201);
  });

  it('refuses connector keys for provider channels', async () => {
    const channel = await as(acme.admin).post('/api/v1/channels', whatsappChannel);
    const response = await as(acme.admin).post(`/api/v1/channels/${channel.body.id}/api-keys`);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('channel_kind_mismatch');
  });
});

describe('accounts', () => {
  it('removes a new tenant again when its admin email is taken', async () => {
    const accounts = api.app.get(AccountsService);
    const attempt = accounts.createTenant({
      name: 'Initech',
      admin: { email: acme.admin.email, password: 'initech-password', name: 'Bill' },
    });
    await expect(attempt).rejects.toBeInstanceOf(EmailTakenError);
    expect(await api.app.get(TenantRepository).findBySlug('initech')).toBeNull();
  });
});

describe('tenancy', () => {
  it('answers 404 for another tenant’s channel, and lists only the own tenant’s', async () => {
    const own = await as(acme.admin).post('/api/v1/channels', whatsappChannel);
    const foreign = await as(globex.admin).get(`/api/v1/channels/${own.body.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('not_found');
    const keys = await as(globex.admin).post(`/api/v1/channels/${own.body.id}/api-keys`);
    expect(keys.status).toBe(404);
    const list = await as(globex.admin).get('/api/v1/channels');
    expect(list.body.items.map((channel: { id: string }) => channel.id)).not.toContain(own.body.id);
    const users = await as(globex.admin).get('/api/v1/users');
    expect(users.body.items.every((user: { tenantId: string }) => user.tenantId === globex.admin.tenantId)).toBe(true);
  });

  it('answers 404 for ids that cannot exist', async () => {
    const response = await as(acme.admin).get('/api/v1/channels/not-an-id');
    expect(response.status).toBe(404);
  });
});

describe('edge validation', () => {
  it('refuses malformed JSON with 400 malformed_body', async () => {
    const response = await request(api.url)
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_body');
  });

  it('refuses unknown fields', async () => {
    const response = await request(api.url)
      .post('/api/v1/auth/login')
      .send({ email: acme.agent.email, password: acme.agent.password, admin: true });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'validation_failed',
      errors: [expect.objectContaining({ field: 'admin' })],
    });
  });

  it('refuses bodies over the limit with 413', async () => {
    const response = await request(api.url)
      .post('/api/v1/auth/login')
      .send({ email: acme.agent.email, password: 'x'.repeat(2 * 1024 * 1024) });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
  });

  it('serves health, metrics and the OpenAPI document', async () => {
    expect((await request(api.url).get('/health')).body.status).toBe('ok');
    const metrics = await request(api.url).get('/metrics');
    expect(metrics.text).toContain('http_request_duration_seconds_bucket');
    expect(metrics.text).toMatch(/queue_jobs\{queue="inbound",state="waiting"\} \d+/);
    const openapi = await request(api.url).get('/api/docs-json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/channels', '/api/v1/users']),
    );
  });
});
