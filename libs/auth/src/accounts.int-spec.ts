import type { INestApplicationContext } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { dropTestDatabase, startWorkerModules, testEnvironment, type TestEnvironment } from '@app/testing';
import { AccountsService, TenantExistsError } from './accounts.service.js';
import { AccountsModule } from './auth.module.js';

let env: TestEnvironment;
let context: INestApplicationContext;
let db: Connection;

beforeAll(async () => {
  env = testEnvironment();
  context = await startWorkerModules(env, [AccountsModule]);
  db = context.get(getConnectionToken());
});

afterAll(async () => {
  await context?.close();
  if (env) await dropTestDatabase(env);
});

const admin = (email: string) => ({ email, password: 'admin-password-123', name: 'Admin' });

describe('AccountsService.createTenant', () => {
  it('refuses a slug another tenant holds, whatever its case, and creates nothing', async () => {
    const accounts = context.get(AccountsService);
    await accounts.createTenant({ name: 'Umbrella', admin: admin('admin@umbrella.example') });
    const again = accounts.createTenant({ name: 'Umbrella Two', slug: 'UMBRELLA', admin: admin('admin@two.example') });
    await expect(again).rejects.toBeInstanceOf(TenantExistsError);
    await expect(again).rejects.toThrow('a tenant with slug "UMBRELLA" already exists');
    expect(await db.collection('tenants').countDocuments({ slug: 'umbrella' })).toBe(1);
    expect(await db.collection('users').countDocuments({ email: 'admin@two.example' })).toBe(0);
  });

  it('creates one of two tenants created at once with one slug, and refuses the other', async () => {
    const accounts = context.get(AccountsService);
    const outcomes = await Promise.allSettled([
      accounts.createTenant({ name: 'Hooli', admin: admin('first@hooli.example') }),
      accounts.createTenant({ name: 'Hooli', admin: admin('second@hooli.example') }),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(TenantExistsError);
    expect(await db.collection('tenants').countDocuments({ slug: 'hooli' })).toBe(1);
  });
});
