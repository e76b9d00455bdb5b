import type { Role } from '@app/persistence';
import {
  createTenantWithUsers,
  signInAll,
  startApiInProcess,
  type InProcessApi,
  type RestClient,
  type TestUser,
} from '@app/testing';

let api: InProcessApi;
let acme: Record<Role, TestUser>;
let as: (user: TestUser) => RestClient;

beforeAll(async () => {
  // As in production: ALLOW_PRIVATE_WEBHOOK_URLS is not set.
  api = await startApiInProcess();
  acme = await createTenantWithUsers(api.app, 'Acme');
  as = await signInAll(api.url, [acme.admin]);
});

afterAll(async () => {
  await api?.close();
});

describe('webhook subscription URLs (SSRF)', () => {
  it.each([
    'http://127.0.0.1:8080/hooks',
    'http://localhost:3000/api/v1/users',
    'http://10.0.0.5/hooks',
    'http://192.168.1.20/hooks',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/hooks',
    'http://[fd00:ec2::254]/',
    'http://[::ffff:127.0.0.1]/hooks',
  ])('refuses %s, a private, loopback or metadata address', async (url) => {
    const response = await as(acme.admin).post('/api/v1/webhook-subscriptions', {
      url,
      events: ['customer.merged'],
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'webhook_url_refused', errors: [{ field: 'url' }] });
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('stores nothing for a refused URL', async () => {
    const list = await as(acme.admin).get('/api/v1/webhook-subscriptions');
    expect(list.body.items).toEqual([]);
  });
});
