import type { INestApplicationContext } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import request from 'supertest';
import { pairKey } from '@app/domain';
import {
  IdentityModule,
  InboundIngestionModule,
  InboundIngestionService,
  SuggestionFinderService,
} from '@app/identity';
import { SuggestionRepository } from '@app/persistence';
import type { InboundJob } from '@app/queue';
import {
  createConnectorChannel,
  createTenantWithUsers,
  InboundQueueProbe,
  signInAll,
  startApiInProcess,
  startWorkerModules,
  type InProcessApi,
  type RestClient,
  type TestUser,
} from '@app/testing';
import type { Role } from '@app/persistence';

/**
 * PATCH /api/v1/connector-keys/:id (issue 15): an admin trusts an existing key, or takes the trust back. The change
 * decides how the very next message of the key is filed: by the real connector route, then the worker's ingestion
 * run here on the job the route queued.
 */

let api: InProcessApi;
let worker: INestApplicationContext;
let queue: InboundQueueProbe;
let db: Connection;
let keyco: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;
let connector: { id: string; key: string; keyId: string };
let serial = 0;

beforeAll(async () => {
  api = await startApiInProcess();
  queue = new InboundQueueProbe(api.env);
  worker = await startWorkerModules(api.env, [InboundIngestionModule, IdentityModule]);
  db = worker.get(getConnectionToken());
  keyco = await createTenantWithUsers(api.app, 'Keyco');
  const other = await createTenantWithUsers(api.app, 'Otherkeyco');
  as = await signInAll(api.url, [...Object.values(keyco), other.admin]);
  otherAdmin = as(other.admin);
  const channel = await createConnectorChannel(as(keyco.admin), 'api', { trusted: false });
  const keys = await as(keyco.admin).get(`/api/v1/channels/${channel.id}/api-keys`);
  connector = { ...channel, keyId: keys.body.items[0].id };
});

let otherAdmin: RestClient;

afterAll(async () => {
  await queue?.close();
  await worker?.close();
  await api?.close();
});

const tenantId = () => keyco.admin.tenantId;
const keyPath = (id = connector.keyId) => `/api/v1/connector-keys/${id}`;

/** A message of the connector from `address`, sent on its route and filed as the worker files it. */
async function deliver(address: string) {
  const externalId = `crm-${++serial}`;
  const response = await request(api.url)
    .post(`/api/v1/channels/${connector.id}/messages`)
    .set('Authorization', `Bearer ${connector.key}`)
    .send({ externalId, from: { address }, text: 'Hello' });
  expect(response.status).toBe(202);
  const job = await queue.messageJob(connector.id, externalId);
  if (!job) throw new Error(`no job queued for ${externalId}`);
  const outcome = await worker.get(InboundIngestionService).ingest(job.data as InboundJob);
  if (outcome.outcome !== 'stored') throw new Error(`expected ${externalId} stored, got ${outcome.outcome}`);
  return outcome.customerId;
}

/** A customer known by a verified email identity (as a signed email or a trusted connector would make it). */
async function ownerOf(address: string) {
  const outcome = await worker.get(InboundIngestionService).ingest({
    tenantId: tenantId(),
    channelId: connector.id,
    receivedAt: new Date().toISOString(),
    event: {
      type: 'message',
      channelKind: 'api',
      externalId: `owner-${++serial}`,
      from: { address },
      attachments: [],
      messageType: 'text',
      sentAt: new Date().toISOString(),
      senderVerified: true,
    },
  });
  if (outcome.outcome !== 'stored') throw new Error('owner not stored');
  return outcome.customerId;
}

const identitiesOf = (customerId: string) =>
  db
    .collection('identities')
    .find({ customerId: new Types.ObjectId(customerId) })
    .toArray();

async function suggestionBetween(a: string, b: string) {
  await worker.get(SuggestionFinderService).check(tenantId(), b);
  return worker.get(SuggestionRepository).findByPair(tenantId(), pairKey(a, b));
}

describe('who may change a connector key', () => {
  it.each<[string, Role]>([
    ['an agent', 'agent'],
    ['a supervisor', 'supervisor'],
  ])('refuses %s with 403 forbidden', async (_name, role) => {
    const response = await as(keyco[role]).patch(keyPath(), { trusted: true });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('forbidden');
  });

  it('answers an admin of another tenant 404, as if the key did not exist, and leaves it as it was', async () => {
    const response = await otherAdmin.patch(keyPath(), { trusted: true, name: 'Taken over' });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('not_found');
    const keys = await as(keyco.admin).get(`/api/v1/channels/${connector.id}/api-keys`);
    expect(keys.body.items[0]).toMatchObject({ trusted: false, name: 'api connector key' });
  });

  it('refuses a connector key, its own included: the route is for signed-in admins', async () => {
    const response = await request(api.url)
      .patch(keyPath())
      .set('Authorization', `Bearer ${connector.key}`)
      .send({ trusted: true });
    // A connector key is no user's token: the api's one answer to it on a user route (R6 checks every route).
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthenticated');
  });

  it('answers 404 for an unknown or malformed id, 400 for a flag that is not a boolean', async () => {
    expect((await as(keyco.admin).patch(keyPath(new Types.ObjectId().toHexString()), { trusted: true })).status).toBe(
      404,
    );
    expect((await as(keyco.admin).patch(keyPath('not-an-id'), { trusted: true })).status).toBe(404);
    const invalid = await as(keyco.admin).patch(keyPath(), { trusted: 'yes' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('validation_failed');
  });

  it('refuses to change a revoked key (409 key_revoked)', async () => {
    const admin = as(keyco.admin);
    const extra = await admin.post(`/api/v1/channels/${connector.id}/api-keys`, { name: 'Old widget' });
    expect((await admin.delete(`/api/v1/channels/${connector.id}/api-keys/${extra.body.id}`)).status).toBe(204);
    const response = await admin.patch(keyPath(extra.body.id), { trusted: true });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('key_revoked');
  });
});

describe('trusting an existing key', () => {
  it('files its next message by the new flag: unverified with a suggestion before, joined after, and back', async () => {
    const admin = as(keyco.admin);
    const owner = await ownerOf('nora@customer.example');

    const claimed = await deliver('nora@customer.example');
    expect(claimed).not.toBe(owner);
    expect(await identitiesOf(claimed)).toEqual([
      expect.objectContaining({ key: 'api:unverified:nora@customer.example', unverified: true }),
    ]);
    expect(await suggestionBetween(owner, claimed)).toMatchObject({
      evidence: [{ rule: 'unverified_same_address' }],
    });

    const trusted = await admin.patch(keyPath(), { trusted: true, name: 'Shop backend' });
    expect(trusted.status).toBe(200);
    expect(trusted.body).toMatchObject({ id: connector.keyId, trusted: true, name: 'Shop backend' });
    expect(await deliver('nora@customer.example')).toBe(owner);

    const untrusted = await admin.patch(keyPath(), { trusted: false });
    expect(untrusted.body).toMatchObject({ trusted: false, name: 'Shop backend' });
    expect(await deliver('nora@customer.example')).not.toBe(owner);
  });

  it('records each change in the audit trail with its admin, before and after; a change to nothing records nothing', async () => {
    const admin = as(keyco.admin);
    const before = (await admin.get('/api/v1/audit?type=connector-key.updated')).body.items.length;
    expect((await admin.patch(keyPath(), { trusted: true })).status).toBe(200);
    expect((await admin.patch(keyPath(), { trusted: true })).status).toBe(200);
    const trail = await admin.get('/api/v1/audit?type=connector-key.updated');
    expect(trail.status).toBe(200);
    expect(trail.body.items).toHaveLength(before + 1);
    expect(trail.body.items[0]).toMatchObject({
      type: 'connector-key.updated',
      actor: { kind: 'user', id: keyco.admin.id, role: 'admin' },
      before: { keyId: connector.keyId, channelId: connector.id, trusted: false },
      after: { keyId: connector.keyId, channelId: connector.id, trusted: true },
    });
    expect(trail.body.items[0].after).not.toHaveProperty('name');
  });
});
