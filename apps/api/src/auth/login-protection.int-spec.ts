import type { Redis } from 'ioredis';
import request from 'supertest';
import type { Role } from '@app/persistence';
import { REDIS } from '@app/redis';
import { createTenantWithUsers, startApiInProcess, type InProcessApi, type TestUser } from '@app/testing';
import { failuresKeyOf } from './login-attempts.service.js';

const PER_ADDRESS = 40;
let api: InProcessApi;
let users: Record<Role, TestUser>;

beforeAll(async () => {
  api = await startApiInProcess({ LOGIN_ATTEMPTS_PER_MINUTE: String(PER_ADDRESS) });
  users = await createTenantWithUsers(api.app, `Lockout${Date.now().toString(36)}`);
});

afterAll(async () => {
  await api?.close();
});

/** Each test starts from no failures and a fresh per-address window (the address is always 127.0.0.1 here). */
beforeEach(async () => {
  const redis = api.app.get<Redis>(REDIS);
  const keys = [...(await redis.keys('login-failures:*')), ...(await redis.keys('login-rate:*'))];
  if (keys.length > 0) await redis.del(...keys);
});

const login = (email: string, password: string) =>
  request(api.url).post('/api/v1/auth/login').send({ email, password });

/** Moves the account's latest failure back in time, as if the client had waited (the rule reads only that). */
async function waited(email: string, seconds: number): Promise<void> {
  const redis = api.app.get<Redis>(REDIS);
  const last = Number(await redis.hget(failuresKeyOf(email), 'lastFailureAt'));
  await redis.hset(failuresKeyOf(email), 'lastFailureAt', String(last - seconds * 1000));
}

describe('sign-in protection of one account', () => {
  it('lets five failures pass, then makes each attempt wait twice as long, then locks the account', async () => {
    const { email, password } = users.agent;
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await login(email, 'wrong-password')).status).toBe(401);
    }
    const throttled = await login(email, password);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(throttled.body).toMatchObject({ code: 'login_throttled', retryAfterSeconds: 1 });
    expect(throttled.headers['retry-after']).toBe('1');

    // Waits of 1, 2, 4, 8 and 16 seconds: each attempt after its wait is checked (and fails again).
    for (const wait of [1, 2, 4, 8, 16]) {
      const early = await login(email, 'wrong-password');
      expect(early.status).toBe(429);
      expect(Number(early.headers['retry-after'])).toBe(wait);
      await waited(email, wait);
      expect((await login(email, 'wrong-password')).status).toBe(401);
    }

    const locked = await login(email, password);
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('account_locked');
    expect(locked.headers['retry-after']).toBe('900');

    await waited(email, 899);
    expect((await login(email, password)).body.code).toBe('account_locked');
    await waited(email, 1);
    expect((await login(email, password)).status).toBe(200);
    // A success forgets the failures: the next wrong password is an ordinary 401.
    expect((await login(email, 'wrong-password')).status).toBe(401);
    expect((await login(email, password)).status).toBe(200);
  });

  it('treats an unknown email like a known one', async () => {
    const answers: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      answers.push((await login('nobody-here@lockout.example', 'wrong-password')).status);
    }
    expect(answers).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('counts concurrent guesses: at the edge of the free failures only one of twenty is checked', async () => {
    const { email } = users.supervisor;
    for (let attempt = 1; attempt <= 4; attempt += 1) await login(email, 'wrong-password');
    const answers = await Promise.all(Array.from({ length: 20 }, () => login(email, 'wrong-password')));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 401)).toHaveLength(1);
    expect(statuses.filter((status) => status === 429)).toHaveLength(19);
  });
});

describe('sign-in protection of one address', () => {
  it(`refuses the sign-ins of an address beyond ${PER_ADDRESS} a minute with 429 and Retry-After`, async () => {
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= PER_ADDRESS; attempt += 1) {
      statuses.push((await login(`someone-${attempt}@lockout.example`, 'wrong-password')).status);
    }
    expect(new Set(statuses)).toEqual(new Set([401]));
    const refused = await login(users.admin.email, users.admin.password);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('too_many_requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('security headers and surfaces', () => {
  it('answers with a content security policy, no framing, nosniff and HSTS', async () => {
    const response = await request(api.url).get('/api/v1/me');
    const policy = response.headers['content-security-policy'];
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('upgrade-insecure-requests');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });

  it('serves metrics to this machine without a token', async () => {
    const metrics = await request(api.url).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('http_request_duration_seconds');
    expect(metrics.text).toMatch(/redis_memory_bytes\{kind="used"\} [1-9]\d*/);
    expect(metrics.text).toMatch(/redis_memory_bytes\{kind="max"\} \d+/);
  });
});

describe('metrics behind METRICS_TOKEN and docs off in production', () => {
  const token = 'a-metrics-token-of-some-length';
  let guarded: InProcessApi;

  beforeAll(async () => {
    guarded = await startApiInProcess({ METRICS_TOKEN: token, API_DOCS: 'false' });
  });

  afterAll(async () => {
    await guarded?.close();
  });

  it('refuses a scrape without the token, or with another one', async () => {
    for (const header of [undefined, 'Bearer not-the-metrics-token']) {
      const call = request(guarded.url).get('/metrics');
      const response = header ? await call.set('Authorization', header) : await call;
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('metrics_token_required');
    }
  });

  it('serves a scrape with the token', async () => {
    const response = await request(guarded.url).get('/metrics').set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.text).toContain('queue_jobs');
  });

  it('does not serve the API docs when they are switched off', async () => {
    expect((await request(guarded.url).get('/api/docs-json')).status).toBe(404);
    expect((await request(api.url).get('/api/docs-json')).status).toBe(200);
  });
});
