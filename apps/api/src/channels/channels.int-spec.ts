import request from 'supertest';
import type { Role } from '@app/persistence';
import {
  createTenantWithUsers,
  InboundQueueProbe,
  postWhatsapp,
  signInAll,
  startApiInProcess,
  type InProcessApi,
  type RestClient,
  type TestUser,
} from '@app/testing';

let api: InProcessApi;
let queue: InboundQueueProbe;
let acme: Record<Role, TestUser>;
let globex: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;

const PHONE_NUMBER_ID = '106540352242923';

beforeAll(async () => {
  api = await startApiInProcess();
  queue = new InboundQueueProbe(api.env);
  acme = await createTenantWithUsers(api.app, 'Acmechannels');
  globex = await createTenantWithUsers(api.app, 'Globexchannels');
  as = await signInAll(api.url, [...Object.values(acme), globex.admin]);
});

afterAll(async () => {
  await queue?.close();
  await api?.close();
});

async function whatsappChannel(): Promise<string> {
  const created = await as(acme.admin).post('/api/v1/channels', {
    kind: 'whatsapp',
    name: 'WhatsApp',
    config: { phoneNumberId: PHONE_NUMBER_ID, appSecret: 'first-app-secret', verifyToken: 'first-verify-token' },
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

const handshake = (channelId: string, verifyToken: string) =>
  request(api.url)
    .get(`/webhooks/whatsapp/${channelId}`)
    .query({ 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': '42' });

describe('PATCH /api/v1/channels/:id', () => {
  it('rotates a secret: the new one is accepted, the old one refused, neither is returned', async () => {
    const id = await whatsappChannel();
    const rotated = await as(acme.admin).patch(`/api/v1/channels/${id}`, {
      config: { appSecret: 'second-app-secret', verifyToken: 'second-verify-token' },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ id, kind: 'whatsapp', config: { phoneNumberId: PHONE_NUMBER_ID } });
    expect(rotated.body.webhookUrl).toMatch(new RegExp(`/webhooks/whatsapp/${id}$`));
    const fetched = await as(acme.admin).get(`/api/v1/channels/${id}`);
    for (const body of [rotated.body, fetched.body])
      expect(JSON.stringify(body)).not.toMatch(/app-secret|verify-token/);

    const channel = { id, phoneNumberId: PHONE_NUMBER_ID, appSecret: 'second-app-secret' };
    expect((await postWhatsapp(api.url, channel, '16505550111', 'wamid.rotated-1')).status).toBe(200);
    const old = await postWhatsapp(api.url, channel, '16505550111', 'wamid.rotated-2', 'first-app-secret');
    expect(old.status).toBe(401);
    expect((await handshake(id, 'second-verify-token')).status).toBe(200);
    expect((await handshake(id, 'first-verify-token')).status).toBe(403);
  });

  it('renames without touching the config, and validates a changed config by the rules of the kind', async () => {
    const id = await whatsappChannel();
    const renamed = await as(acme.admin).patch(`/api/v1/channels/${id}`, { name: 'WhatsApp EU' });
    expect(renamed.body).toMatchObject({ name: 'WhatsApp EU', config: { phoneNumberId: PHONE_NUMBER_ID } });
    expect((await handshake(id, 'first-verify-token')).status).toBe(200);

    const invalid = await as(acme.admin).patch(`/api/v1/channels/${id}`, {
      config: { phoneNumberId: 'abc', appSecret: 'short' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('validation_failed');
    expect(invalid.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'config.appSecret',
      'config.phoneNumberId',
    ]);
    const unknown = await as(acme.admin).patch(`/api/v1/channels/${id}`, { config: { authToken: 'twilio-token' } });
    expect(unknown.status).toBe(400);
    expect((await as(acme.admin).get(`/api/v1/channels/${id}`)).body.config).toEqual({
      phoneNumberId: PHONE_NUMBER_ID,
    });
  });

  it('keeps an email channel’s own addresses and refuses another channel’s', async () => {
    const mail = (addresses: string[]) => ({ kind: 'email', name: 'Mail', config: { addresses } });
    const own = await as(acme.admin).post('/api/v1/channels', mail(['help@rotate.example']));
    await as(globex.admin).post('/api/v1/channels', mail(['sales@rotate.example']));
    const kept = await as(acme.admin).patch(`/api/v1/channels/${own.body.id}`, {
      config: { addresses: ['help@rotate.example', 'Billing@Rotate.example'], mailgunSigningKey: 'key-12345678' },
    });
    expect(kept.status).toBe(200);
    expect(kept.body.config).toEqual({ addresses: ['help@rotate.example', 'billing@rotate.example'] });
    const taken = await as(acme.admin).patch(`/api/v1/channels/${own.body.id}`, {
      config: { addresses: ['sales@rotate.example'] },
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'address_taken', taken: ['sales@rotate.example'] });
  });

  it.each(['agent', 'supervisor'] as const)('is refused to a %s with 403', async (role) => {
    const id = await whatsappChannel();
    const response = await as(acme[role]).patch(`/api/v1/channels/${id}`, { name: 'Mine now' });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('forbidden');
  });

  it('answers 404 for another tenant’s channel, and changes nothing there', async () => {
    const id = await whatsappChannel();
    const response = await as(globex.admin).patch(`/api/v1/channels/${id}`, { config: { verifyToken: 'taken-over' } });
    expect(response.status).toBe(404);
    expect((await handshake(id, 'first-verify-token')).status).toBe(200);
  });
});

describe('connector keys', () => {
  it.each(['agent', 'supervisor'] as const)(
    'are listed, created and revoked by admins only (%s: 403)',
    async (role) => {
      const channel = await as(acme.admin).post('/api/v1/channels', { kind: 'webchat', name: 'Widget' });
      const key = await as(acme.admin).post(`/api/v1/channels/${channel.body.id}/api-keys`, { name: 'Site' });
      const path = `/api/v1/channels/${channel.body.id}/api-keys`;
      for (const response of [
        await as(acme[role]).get(path),
        await as(acme[role]).post(path, {}),
        await as(acme[role]).delete(`${path}/${key.body.id}`),
      ]) {
        expect(response.status).toBe(403);
      }
      expect((await as(acme.admin).get(path)).body.items).toEqual([
        expect.objectContaining({ id: key.body.id, revokedAt: null }),
      ]);
    },
  );

  it('of another tenant’s channel are neither listed nor revoked', async () => {
    const channel = await as(acme.admin).post('/api/v1/channels', { kind: 'api', name: 'CRM' });
    const key = await as(acme.admin).post(`/api/v1/channels/${channel.body.id}/api-keys`, { name: 'Sync' });
    const path = `/api/v1/channels/${channel.body.id}/api-keys`;
    expect((await as(globex.admin).get(path)).status).toBe(404);
    expect((await as(globex.admin).delete(`${path}/${key.body.id}`)).status).toBe(404);
    expect((await as(acme.admin).get(path)).body.items[0].revokedAt).toBeNull();
  });
});
